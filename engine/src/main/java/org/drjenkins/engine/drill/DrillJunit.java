package org.drjenkins.engine.drill;

import java.io.StringWriter;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The drill as a JUnit XML test suite, so Jenkins' test trend shows drills: each phase a test case, and one more per
 * component whose RTO/RPO must be within its targets. A failed phase is a failure, an aborted one a failure of type
 * ABORTED, a skipped one skipped.
 */
public final class DrillJunit {

    private DrillJunit() {
    }

    public static String render(DrillReport report) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            String suite = "dr-drill." + report.scenario().cliName();
            long failures = report.phases().stream().filter(p -> p.status() == PhaseStatus.FAILED
                    || p.status() == PhaseStatus.ABORTED).count()
                    + report.components().stream().filter(c -> !c.compliant()).count();
            long skipped = report.phases().stream().filter(p -> p.status() == PhaseStatus.SKIPPED).count();
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suite);
            xml.writeAttribute("tests", Integer.toString(report.phases().size() + report.components().size()));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Long.toString(skipped));
            xml.writeAttribute("time", seconds(report.durationSeconds()));
            xml.writeAttribute("timestamp", report.startedAt().toString());
            xml.writeCharacters("\n  ");
            xml.writeStartElement("properties");
            property(xml, "drillId", report.drillId());
            property(xml, "outcome", report.outcome().name());
            property(xml, "rtoSeconds", String.valueOf(report.rtoSeconds()));
            property(xml, "rpoSeconds", String.valueOf(report.rpoSeconds()));
            property(xml, "compliant", String.valueOf(report.compliant()));
            if (report.detection() != null) {
                property(xml, "detection", report.detection());
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            int n = 1;
            for (PhaseResult phase : report.phases()) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", suite);
                xml.writeAttribute("name", String.format(Locale.ROOT, "%02d %s", n++, phase.name()));
                xml.writeAttribute("time", seconds(phase.seconds()));
                switch (phase.status()) {
                    case FAILED -> failure(xml, "FAILED", phase.detail());
                    case ABORTED -> failure(xml, "ABORTED", phase.detail());
                    case SKIPPED -> {
                        xml.writeStartElement("skipped");
                        xml.writeAttribute("message", phase.detail());
                        xml.writeEndElement();
                    }
                    case PASSED -> {
                        xml.writeStartElement("system-out");
                        xml.writeCharacters(phase.detail());
                        xml.writeEndElement();
                    }
                }
                xml.writeEndElement();
            }
            for (ComponentResult c : report.components()) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", suite);
                xml.writeAttribute("name", "targets " + c.component());
                xml.writeAttribute("time", seconds(c.rtoSeconds() == null ? 0 : c.rtoSeconds()));
                String measured = "RTO " + DrillReport.seconds(c.rtoSeconds()) + " / " + DrillReport.target(c.rtoTargetSeconds())
                        + (c.rpoApplies() ? ", RPO " + DrillReport.seconds(c.rpoSeconds()) + " / "
                        + DrillReport.target(c.rpoTargetSeconds()) : "") + " (" + c.basis() + ")";
                if (c.compliant()) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(measured);
                    xml.writeEndElement();
                } else {
                    failure(xml, "TARGET_MISSED", measured);
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(DrillMarkdown.render(report));
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        return out + "\n";
    }

    private static void failure(XMLStreamWriter xml, String type, String detail) throws XMLStreamException {
        xml.writeStartElement("failure");
        xml.writeAttribute("type", type);
        xml.writeAttribute("message", detail);
        xml.writeCharacters(detail);
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
