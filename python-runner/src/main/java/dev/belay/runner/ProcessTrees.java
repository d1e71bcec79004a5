package dev.belay.runner;

import java.util.List;

/** JDK-only process tree helpers, the fallback for {@link ScriptRunner#reclaim(ProcessStamp)}. */
final class ProcessTrees {

    private ProcessTrees() {
    }

    /** Kills the stamped process and its descendants, taking the tree before killing anything. */
    static int killTree(ProcessStamp stamp) {
        return stamp.findLive().map(root -> {
            // Take the whole tree first: once the root dies its children are re-parented and lost.
            List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
            tree.add(0, root);
            int killed = 0;
            for (ProcessHandle h : tree) {
                if (h.isAlive() && h.destroyForcibly()) {
                    killed++;
                }
            }
            return killed;
        }).orElse(0);
    }
}
