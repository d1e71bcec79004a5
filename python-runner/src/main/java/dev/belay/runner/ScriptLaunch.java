package dev.belay.runner;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a runner needs to start one job's script.
 *
 * @param scriptsDir         the folder scripts are resolved in; the script's working directory
 * @param scriptName         the script to run, exactly as the orchestrator sent it ({@code ProcessVersion.Name}):
 *                           a relative path with {@code \} or {@code /}, with or without {@code .py}. Untrusted.
 * @param jobGuid            the job's GUID
 * @param processVersionGuid the process version's GUID, may be empty
 * @param taskGuid           the Task's GUID, may be empty
 * @param taskJson           the Task as received, byte for byte once encoded as UTF-8; empty if none
 * @param robotGuid          the robot's GUID (a credential: given to the script, never logged)
 * @param orchestratorUrl    the orchestrator's base URL, given to the script
 * @param jobDir             a folder owned by the caller for this job: the runner writes the Task file,
 *                           the output log and the stop file here
 * @param settingsFile       the vendor's {@code settings.txt} path for the vendor-style argument; null if none
 */
public record ScriptLaunch(Path scriptsDir, String scriptName, String jobGuid, String processVersionGuid,
                           String taskGuid, String taskJson, String robotGuid, String orchestratorUrl,
                           Path jobDir, Path settingsFile) {

    public ScriptLaunch {
        Objects.requireNonNull(scriptsDir, "scriptsDir");
        Objects.requireNonNull(scriptName, "scriptName");
        Objects.requireNonNull(jobGuid, "jobGuid");
        Objects.requireNonNull(jobDir, "jobDir");
        processVersionGuid = processVersionGuid == null ? "" : processVersionGuid;
        taskGuid = taskGuid == null ? "" : taskGuid;
        taskJson = taskJson == null ? "" : taskJson;
        robotGuid = robotGuid == null ? "" : robotGuid;
        orchestratorUrl = orchestratorUrl == null ? "" : orchestratorUrl;
    }

    /** The file the Task is written to ({@code ROBOT_TASK_FILE}). */
    public Path taskFile() {
        return jobDir.resolve("task.json");
    }

    /** The file that comes into existence when a graceful stop is requested ({@code ROBOT_STOP_FILE}). */
    public Path stopFile() {
        return jobDir.resolve("stop");
    }

    /** The script's combined output log. */
    public Path outputLog() {
        return jobDir.resolve("output.log");
    }

    @Override
    public String toString() {
        return "ScriptLaunch[scriptsDir=" + scriptsDir + ", scriptName=" + scriptName + ", jobGuid=" + jobGuid
                + ", processVersionGuid=" + processVersionGuid + ", taskGuid=" + taskGuid
                + ", taskJson=<" + taskJson.length() + " chars>, robotGuid=<hidden>, orchestratorUrl=" + orchestratorUrl
                + ", jobDir=" + jobDir + ", settingsFile=" + settingsFile + "]";
    }
}
