package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class TaskSchedulerXmlTest {

    private final TaskSchedulerXml.Definition definition = new TaskSchedulerXml.Definition("Belay Robot",
            "ROBOTS\\robot01", "C:\\Program Files\\Java\\bin\\javaw.exe",
            List.of("-Xmx64m", "-jar", "C:\\Belay\\belay-launcher.jar", "run", "--config", "C:\\Users\\robot01\\AppData\\Local\\Belay\\belay.properties"),
            Path.of("C:\\robots\\scripts & tools"));

    private Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        // The declaration says UTF-16 (what schtasks expects on disk); parse the in-memory string as characters.
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private String xpath(Document doc, String expr) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(expr, doc, XPathConstants.STRING);
    }

    @Test
    void startsAtLogOnAndOnRemoteConnectOfTheUser() throws Exception {
        Document doc = parse(TaskSchedulerXml.render(definition));

        assertThat(xpath(doc, "/Task/Triggers/LogonTrigger/UserId")).isEqualTo("ROBOTS\\robot01");
        assertThat(xpath(doc, "/Task/Triggers/SessionStateChangeTrigger/StateChange")).isEqualTo("RemoteConnect");
        assertThat(xpath(doc, "/Task/Triggers/SessionStateChangeTrigger/UserId")).isEqualTo("ROBOTS\\robot01");
        assertThat(xpath(doc, "/Task/Principals/Principal/LogonType")).isEqualTo("InteractiveToken");
    }

    @Test
    void runsTheRunCommandInTheScriptsFolderOnce() throws Exception {
        Document doc = parse(TaskSchedulerXml.render(definition));

        assertThat(xpath(doc, "/Task/Actions/Exec/Command")).isEqualTo("C:\\Program Files\\Java\\bin\\javaw.exe");
        assertThat(xpath(doc, "/Task/Actions/Exec/Arguments")).isEqualTo(
                "-Xmx64m -jar C:\\Belay\\belay-launcher.jar run --config C:\\Users\\robot01\\AppData\\Local\\Belay\\belay.properties");
        assertThat(xpath(doc, "/Task/Actions/Exec/WorkingDirectory")).isEqualTo("C:\\robots\\scripts & tools");
        assertThat(xpath(doc, "/Task/Settings/MultipleInstancesPolicy")).isEqualTo("IgnoreNew");
        assertThat(xpath(doc, "/Task/Settings/ExecutionTimeLimit")).isEqualTo("PT0S");
    }

    @Test
    void quotesArgumentsTheWayTheWindowsRuntimeSplitsThem() {
        assertThat(TaskSchedulerXml.joinWindowsArguments(List.of("a", "b c", "", "say \"hi\"", "C:\\dir with space\\")))
                .isEqualTo("a \"b c\" \"\" \"say \\\"hi\\\"\" \"C:\\dir with space\\\\\"");
    }
}
