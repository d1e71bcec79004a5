package dev.belay.launcher.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The Windows Task Scheduler definition that starts the agent in a robot's session: at log on and on
 * a remote (RDP) connection of the given user, in the scripts folder, only if no instance runs yet.
 */
public final class TaskSchedulerXml {

    /**
     * @param user       the account, e.g. {@code ROBOTS\robot01}
     * @param command    the program to start (e.g. the full path of {@code belay.cmd})
     * @param arguments  its arguments
     * @param workingDir "Start in": the scripts folder
     */
    public record Definition(String taskName, String user, String command, List<String> arguments, Path workingDir) {
        public Definition {
            Objects.requireNonNull(taskName, "taskName");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(command, "command");
            arguments = List.copyOf(arguments);
            Objects.requireNonNull(workingDir, "workingDir");
        }
    }

    private TaskSchedulerXml() {
    }

    public static String render(Definition d) {
        String user = escape(d.user());
        return """
                <?xml version="1.0" encoding="UTF-16"?>
                <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
                  <RegistrationInfo>
                    <Description>Belay robot agent: runs the orchestrator's jobs in this session.</Description>
                    <URI>\\%s</URI>
                  </RegistrationInfo>
                  <Triggers>
                    <LogonTrigger>
                      <Enabled>true</Enabled>
                      <UserId>%s</UserId>
                    </LogonTrigger>
                    <SessionStateChangeTrigger>
                      <Enabled>true</Enabled>
                      <StateChange>RemoteConnect</StateChange>
                      <UserId>%s</UserId>
                    </SessionStateChangeTrigger>
                  </Triggers>
                  <Principals>
                    <Principal id="Author">
                      <UserId>%s</UserId>
                      <LogonType>InteractiveToken</LogonType>
                      <RunLevel>LeastPrivilege</RunLevel>
                    </Principal>
                  </Principals>
                  <Settings>
                    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
                    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
                    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
                    <AllowHardTerminate>true</AllowHardTerminate>
                    <StartWhenAvailable>false</StartWhenAvailable>
                    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
                    <IdleSettings>
                      <StopOnIdleEnd>false</StopOnIdleEnd>
                      <RestartOnIdle>false</RestartOnIdle>
                    </IdleSettings>
                    <AllowStartOnDemand>true</AllowStartOnDemand>
                    <Enabled>true</Enabled>
                    <Hidden>false</Hidden>
                    <RunOnlyIfIdle>false</RunOnlyIfIdle>
                    <WakeToRun>false</WakeToRun>
                    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
                    <Priority>7</Priority>
                  </Settings>
                  <Actions Context="Author">
                    <Exec>
                      <Command>%s</Command>
                      <Arguments>%s</Arguments>
                      <WorkingDirectory>%s</WorkingDirectory>
                    </Exec>
                  </Actions>
                </Task>
                """.formatted(escape(d.taskName()), user, user, user, escape(d.command()),
                escape(joinWindowsArguments(d.arguments())), escape(d.workingDir().toString()));
    }

    /** Quotes each argument the way the Windows C runtime splits a command line. */
    static String joinWindowsArguments(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!a.isEmpty() && a.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) {
                sb.append(a);
                continue;
            }
            sb.append('"');
            int backslashes = 0;
            for (char c : a.toCharArray()) {
                if (c == '\\') {
                    backslashes++;
                } else if (c == '"') {
                    sb.append("\\".repeat(backslashes * 2 + 1)).append('"');
                    backslashes = 0;
                } else {
                    sb.append("\\".repeat(backslashes)).append(c);
                    backslashes = 0;
                }
            }
            sb.append("\\".repeat(backslashes * 2)).append('"');
        }
        return sb.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
