package org.drjenkins.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies a child process's stdout to a stream, reading it on its own thread and handing chunks over a small queue.
 * Reading a pipe cannot be interrupted; with the hand-over the caller waits in {@link BlockingQueue#take()}, which an
 * interrupt ends at once, so an aborted backup never hangs on a tool that is waiting (e.g. for WAL to be archived).
 */
final class ProcessOutputPump {

    private static final int CHUNK_BYTES = 64 * 1024;
    private static final Chunk END = new Chunk(new byte[0], 0);

    private record Chunk(byte[] data, int length) {
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile IOException readError;

    ProcessOutputPump(InputStream in, String threadName) {
        thread = new Thread(() -> run(in), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Copies until the process closes its output; returns the bytes copied. */
    long copyTo(OutputStream out) throws IOException, InterruptedException {
        long done = 0;
        while (true) {
            Chunk chunk = queue.take();
            if (chunk == END) {
                break;
            }
            out.write(chunk.data(), 0, chunk.length());
            done += chunk.length();
        }
        if (readError != null) {
            throw readError;
        }
        return done;
    }

    /** The failure reading the process's output, if any: {@link #copyTo} rethrows this very exception. */
    IOException readError() {
        return readError;
    }

    /** Stops the reading thread (after the process was killed). */
    void abandon() {
        thread.interrupt();
    }

    private void run(InputStream in) {
        try (in) {
            while (true) {
                byte[] buffer = new byte[CHUNK_BYTES];
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    queue.put(new Chunk(buffer, n));
                }
            }
        } catch (IOException e) {
            readError = e;
        } catch (InterruptedException e) {
            return; // The consumer gave up; nobody reads the queue any more.
        }
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
