import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Photographs Jenkins pages as a logged-in user with headless Chromium, for docs/screenshots/make.sh. Headless
 * Chromium cannot type a password, and Jenkins only logs a browser in through its form; so this drives Chromium over
 * the DevTools protocol (java.net.http's WebSocket, no library) and sends the user's HTTP basic credentials as an
 * extra header on every request, which Jenkins accepts like an API client's. Run with the JDK's source launcher:
 *
 *   java Screenshots.java URL USER PASSWORD OUT_DIR NAME[:HEIGHT]=PATH[@SECTION TITLE] ...
 *
 * HEIGHT is the viewport's (default 1800; the width is 1400).
 * "@SECTION TITLE" scrolls to the form section of that title (e.g. the plugin's part of the configuration page).
 * The password comes in an environment variable when given as "-" (DR_SCREENSHOT_PASSWORD), off the command line.
 */
public final class Screenshots {
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1800;

    private final WebSocket socket;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private int nextId;

    private Screenshots(WebSocket.Builder builder, URI url) {
        this.socket = builder.buildAsync(url, new Collector()).join();
    }

    public static void main(String[] args) throws Exception {
        String root = args[0].endsWith("/") ? args[0] : args[0] + "/";
        String password = args[2].equals("-") ? System.getenv("DR_SCREENSHOT_PASSWORD") : args[2];
        String basic = Base64.getEncoder().encodeToString((args[1] + ":" + password).getBytes(StandardCharsets.UTF_8));
        Path out = Path.of(args[3]);
        Path profile = Files.createTempDirectory("dr-chromium-");
        Process chromium = new ProcessBuilder(System.getenv().getOrDefault("CHROMIUM", "chromium"), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT, "about:blank")
                .redirectErrorStream(true).start();
        try {
            URI browser = devtools(chromium);
            Screenshots cdp = new Screenshots(HttpClient.newHttpClient().newWebSocketBuilder(), browser);
            String target = cdp.field(cdp.call(null, "Target.createTarget", "{\"url\":\"about:blank\"}"), "targetId");
            String session = cdp.field(cdp.call(null, "Target.attachToTarget", "{\"targetId\":\"" + target + "\",\"flatten\":true}"), "sessionId");
            cdp.call(session, "Page.enable", "{}");
            cdp.call(session, "Network.enable", "{}");
            cdp.call(session, "Network.setExtraHTTPHeaders", "{\"headers\":{\"Authorization\":\"Basic " + basic + "\"}}");
            for (int i = 4; i < args.length; i++) {
                String[] nameAndPath = args[i].split("=", 2);
                String[] pathAndSection = nameAndPath[1].split("@", 2);
                String[] nameAndHeight = nameAndPath[0].split(":", 2);
                cdp.call(session, "Emulation.setDeviceMetricsOverride", "{\"width\":" + WIDTH + ",\"height\":"
                        + (nameAndHeight.length > 1 ? nameAndHeight[1] : String.valueOf(HEIGHT)) + ",\"deviceScaleFactor\":1,\"mobile\":false}");
                cdp.messages.clear();
                cdp.call(session, "Page.navigate", "{\"url\":" + json(root + pathAndSection[0].replaceFirst("^/", "")) + "}");
                cdp.await("\"method\":\"Page.loadEventFired\"", 60);
                cdp.settle(session);
                if (pathAndSection.length > 1) {
                    cdp.call(session, "Runtime.evaluate", "{\"expression\":" + json(
                            "(() => { const t = [...document.querySelectorAll('.jenkins-section__title, h1, h2')]"
                                    + ".find(e => e.textContent.trim() === " + json(pathAndSection[1]) + ");"
                                    + " if (t) { t.scrollIntoView(); window.scrollBy(0, -80); } return !!t; })()") + "}");
                    Thread.sleep(500);
                }
                String shot = cdp.call(session, "Page.captureScreenshot", "{\"format\":\"png\"}");
                Path file = out.resolve(nameAndHeight[0] + ".png");
                Files.write(file, Base64.getDecoder().decode(cdp.field(shot, "data")));
                System.out.println("screenshot: " + file + " (" + root + pathAndSection[0].replaceFirst("^/", "") + ")");
            }
            cdp.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        } finally {
            chromium.destroy();
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Waits (bounded) until the page's own scripts are done: no visible spinner and no visible select still waiting
     * for its options (the form's doFill* calls), then a moment more for rendering.
     */
    private void settle(String session) throws InterruptedException {
        String pending = "[...document.querySelectorAll('select')].filter(s => s.offsetParent !== null && s.options.length === 0).length"
                + " + [...document.querySelectorAll('.jenkins-spinner, .spinner, .jenkins-select--loading, [class*=\"loading\"]')]"
                + ".filter(e => e.offsetParent !== null).length";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        Thread.sleep(1000);
        while (System.nanoTime() < deadline) {
            String reply = call(session, "Runtime.evaluate", "{\"expression\":" + json(pending) + ",\"returnByValue\":true}");
            if (reply.contains("\"value\":0")) {
                break;
            }
            Thread.sleep(500);
        }
        Thread.sleep(1000);
    }

    private static URI devtools(Process chromium) throws Exception {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(chromium.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> reader.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return URI.create(m.group(1));
            }
        }
        throw new IllegalStateException("chromium did not open its DevTools port");
    }

    private String call(String session, String method, String params) throws InterruptedException {
        int id = ++nextId;
        socket.sendText("{\"id\":" + id + (session == null ? "" : ",\"sessionId\":\"" + session + "\"") + ",\"method\":\"" + method
                + "\",\"params\":" + params + "}", true).join();
        String reply = await("\"id\":" + id + ",", 60);
        if (reply.contains("\"error\":")) {
            throw new IllegalStateException(method + ": " + reply);
        }
        return reply;
    }

    private String await(String marker, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> others = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                String message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (message != null && message.contains(marker)) {
                    return message;
                }
                if (message != null) {
                    others.add(message);
                }
            }
        } finally {
            messages.addAll(others.stream().filter(m -> m.contains("\"method\"")).toList());
        }
        throw new IllegalStateException("no " + marker + " from chromium in " + seconds + "s");
    }

    private String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String json(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> s.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return s.append('"').toString();
    }

    /** Joins each message's frames and queues it. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
