package dev.belay.client;

import java.util.Objects;

/**
 * A job handed to this robot by consumeNextJob.
 *
 * @param jobGuid            {@code Job.GUID}, never blank
 * @param processVersionGuid {@code ProcessVersion.GUID}, empty if absent
 * @param scriptName         {@code ProcessVersion.Name}, the script to run, exactly as received (not validated here)
 * @param taskGuid           {@code Task.GUID}, empty if there is no Task or it has no GUID
 * @param taskJson           the Task's JSON text exactly as received (the inner string, or the embedded
 *                           object's text), empty if there is no Task
 */
public record JobAssignment(String jobGuid, String processVersionGuid, String scriptName, String taskGuid, String taskJson) {

    public JobAssignment {
        Objects.requireNonNull(jobGuid, "jobGuid");
        Objects.requireNonNull(scriptName, "scriptName");
        processVersionGuid = processVersionGuid == null ? "" : processVersionGuid;
        taskGuid = taskGuid == null ? "" : taskGuid;
        taskJson = taskJson == null ? "" : taskJson;
    }

    @Override
    public String toString() {
        // The Task may be large and may hold business data: keep it out of toString().
        return "JobAssignment[jobGuid=" + jobGuid + ", processVersionGuid=" + processVersionGuid
                + ", scriptName=" + scriptName + ", taskGuid=" + taskGuid + ", taskJson=<" + taskJson.length() + " chars>]";
    }
}
