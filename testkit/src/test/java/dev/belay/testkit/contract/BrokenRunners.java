package dev.belay.testkit.contract;

import dev.belay.runner.OutputListener;
import dev.belay.runner.ProcessStamp;
import dev.belay.runner.RunningScript;
import dev.belay.runner.ScriptLaunch;
import dev.belay.runner.ScriptResult;
import dev.belay.runner.ScriptRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deliberately broken runners, each a decorator that adds one realistic bug to a working runner, so
 * that the contract's self-test can check that exactly the rules about that bug fail.
 */
final class BrokenRunners {

    private BrokenRunners() {
    }

    /**
     * Prepares the whole launch ahead: the first start after prepareNext() is right, every later one gets
     * that first job's identity (an interpreter started ahead that kept its first job's variables).
     */
    static ScriptRunner reusesThePreparedLaunch(ScriptRunner working) {
        return new Decorator(working) {
            private boolean prepared;
            private ScriptLaunch first;

            @Override
            public synchronized void prepareNext(Path scriptsDir) {
                prepared = true;
            }

            @Override
            public synchronized RunningScript start(ScriptLaunch l, OutputListener listener) {
                if (prepared && first == null) {
                    first = l;
                } else if (prepared) {
                    l = new ScriptLaunch(l.scriptsDir(), l.scriptName(), first.jobGuid(), first.processVersionGuid(),
                            first.taskGuid(), l.taskJson(), first.robotGuid(), l.orchestratorUrl(), l.jobDir(), l.settingsFile());
                }
                return working.start(l, listener);
            }
        };
    }

    /** Starts an interpreter ahead on prepareNext() and never lets go of it. */
    static ScriptRunner leaksWhatItPrepared(ScriptRunner working) {
        return new Decorator(working) {
            @Override
            public RunningScript start(ScriptLaunch launch, OutputListener listener) {
                return working.start(launch, listener);
            }

            @Override
            public void prepareNext(Path scriptsDir) {
                try {
                    new ProcessBuilder(Python.executable(), "-c", "import time; time.sleep(120)").start();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void cancelPrepared() {
            }
        };
    }

    /** Forwards stdout only: stderr lines never reach the listener. */
    static ScriptRunner dropsStderr(ScriptRunner working) {
        return new Decorator(working) {
            @Override
            public RunningScript start(ScriptLaunch launch, OutputListener listener) {
                return working.start(launch, (stream, at, line) -> {
                    if (stream == OutputListener.Stream.STDOUT) {
                        listener.onLine(stream, at, line);
                    }
                });
            }
        };
    }

    /** Loses the Task: the script always gets an empty one. */
    static ScriptRunner dropsTask(ScriptRunner working) {
        return new Decorator(working) {
            @Override
            public RunningScript start(ScriptLaunch l, OutputListener listener) {
                return working.start(new ScriptLaunch(l.scriptsDir(), l.scriptName(), l.jobGuid(), l.processVersionGuid(),
                        l.taskGuid(), "", l.robotGuid(), l.orchestratorUrl(), l.jobDir(), l.settingsFile()), listener);
            }
        };
    }

    /**
     * "Helpful" when the strict resolver refuses a name: resolves it naively ({@code \} to {@code /},
     * {@code .py} added, no checks) and runs whatever file that finds.
     */
    static ScriptRunner executesHostileNames(ScriptRunner working) {
        return new Decorator(working) {
            @Override
            public RunningScript start(ScriptLaunch l, OutputListener listener) {
                RunningScript strict = working.start(l, listener);
                CompletableFuture<RunningScript> actual = strict.completion().toCompletableFuture().thenApply(r -> {
                    Optional<Path> naive = naive(l);
                    if (!(r instanceof ScriptResult.FailedToStart) || naive.isEmpty()) {
                        return strict;
                    }
                    try {
                        String copy = "naive-" + UUID.randomUUID() + ".py";
                        Files.copy(naive.get(), l.scriptsDir().resolve(copy));
                        return working.start(new ScriptLaunch(l.scriptsDir(), copy, l.jobGuid(), l.processVersionGuid(),
                                l.taskGuid(), l.taskJson(), l.robotGuid(), l.orchestratorUrl(), l.jobDir(), l.settingsFile()),
                                listener);
                    } catch (IOException e) {
                        return strict;
                    }
                });
                return new RunningScript() {
                    @Override
                    public Optional<ProcessStamp> process() {
                        return actual.getNow(strict).process();
                    }

                    @Override
                    public CompletionStage<ScriptResult> completion() {
                        return actual.thenCompose(RunningScript::completion);
                    }

                    @Override
                    public void requestStop(Duration grace) {
                        actual.getNow(strict).requestStop(grace);
                    }

                    @Override
                    public void abort() {
                        actual.getNow(strict).abort();
                    }
                };
            }

            private Optional<Path> naive(ScriptLaunch l) {
                try {
                    String name = l.scriptName().replace('\\', '/');
                    Path p = l.scriptsDir().resolve(name.endsWith(".py") ? name : name + ".py");
                    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
                } catch (InvalidPathException e) {
                    return Optional.empty();
                }
            }
        };
    }

    /** Once abort() was called on a running script, its completion never arrives. */
    static ScriptRunner losesCompletionOnAbort(ScriptRunner working) {
        return new Decorator(working) {
            @Override
            public RunningScript start(ScriptLaunch launch, OutputListener listener) {
                RunningScript s = working.start(launch, listener);
                CompletableFuture<ScriptResult> promised = new CompletableFuture<>();
                boolean[] abortedWhileRunning = {false};
                s.completion().thenAccept(r -> {
                    synchronized (abortedWhileRunning) {
                        if (!abortedWhileRunning[0]) {
                            promised.complete(r);
                        }
                    }
                });
                return new Forwarding(s) {
                    @Override
                    public CompletionStage<ScriptResult> completion() {
                        return promised;
                    }

                    @Override
                    public void abort() {
                        synchronized (abortedWhileRunning) {
                            if (!promised.isDone()) {
                                abortedWhileRunning[0] = true;
                            }
                        }
                        s.abort();
                    }
                };
            }
        };
    }

    /**
     * Builds a new result on every completion() call (a second completion in disguise), and one that
     * says Aborted once abort() was called after the end.
     */
    static ScriptRunner unstableCompletion(ScriptRunner working) {
        return new Decorator(working) {
            @Override
            public RunningScript start(ScriptLaunch launch, OutputListener listener) {
                RunningScript s = working.start(launch, listener);
                AtomicInteger calls = new AtomicInteger();
                boolean[] abortedAfterEnd = {false};
                return new Forwarding(s) {
                    @Override
                    public CompletionStage<ScriptResult> completion() {
                        int call = calls.incrementAndGet();
                        return s.completion().thenApply(r -> {
                            Duration d = r.duration().plusNanos(call);
                            if (abortedAfterEnd[0]) {
                                return new ScriptResult.Aborted(d, r.leftoverProcessesKilled());
                            }
                            if (r instanceof ScriptResult.Exited e) {
                                return new ScriptResult.Exited(e.exitCode(), d, e.leftoverProcessesKilled());
                            }
                            return r;
                        });
                    }

                    @Override
                    public void abort() {
                        if (s.completion().toCompletableFuture().isDone()) {
                            abortedAfterEnd[0] = true;
                        }
                        s.abort();
                    }
                };
            }
        };
    }

    private abstract static class Decorator implements ScriptRunner {
        final ScriptRunner working;

        Decorator(ScriptRunner working) {
            this.working = working;
        }

        @Override
        public String id() {
            return "broken-" + working.id();
        }

        @Override
        public int reclaim(ProcessStamp stamp) {
            return working.reclaim(stamp);
        }

        @Override
        public void prepareNext(Path scriptsDir) {
            working.prepareNext(scriptsDir);
        }

        @Override
        public void cancelPrepared() {
            working.cancelPrepared();
        }
    }

    private static class Forwarding implements RunningScript {
        final RunningScript s;

        Forwarding(RunningScript s) {
            this.s = s;
        }

        @Override
        public Optional<ProcessStamp> process() {
            return s.process();
        }

        @Override
        public CompletionStage<ScriptResult> completion() {
            return s.completion();
        }

        @Override
        public void requestStop(Duration grace) {
            s.requestStop(grace);
        }

        @Override
        public void abort() {
            s.abort();
        }
    }
}
