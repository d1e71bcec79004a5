@echo off
rem belay.cmd: starts the Belay robot agent with the JVM flags it is meant to run with
rem (the same as dev.belay.launcher.JvmFlags and the scheduled task that install-task writes).
rem Class data sharing: belay-launcher.jsa next to the jar is mapped read-only by every agent of the
rem machine. The first "run" without one that reaches the orchestrator records the classes it loads and
rem dumps them when it ends, into a file of its own that is then moved into place ("run --help" and a
rem run stopped by a configuration error make none). BELAY_CDS=off: neither use nor make it.
rem belay-launcher.jsa.size is the archive's length when it was made: the JDK crashes at every start on
rem an archive cut short (an interrupted copy of the folder, disk trouble), so one of another length is
rem not used, and the next run makes a new one. (An archive from before this record is used as it is.)
rem Paths go into the JVM's arguments in quotes: the folder may have spaces in its name.
setlocal
set "HERE=%~dp0"
if not defined BELAY_JAR if exist "%HERE%belay-launcher.jar" set "BELAY_JAR=%HERE%belay-launcher.jar"
if not defined BELAY_JAR if exist "%HERE%..\launcher\target\belay-launcher.jar" set "BELAY_JAR=%HERE%..\launcher\target\belay-launcher.jar"
if not defined BELAY_JAR (
  echo belay: cannot find belay-launcher.jar ^(set BELAY_JAR^) 1>&2
  exit /b 2
)
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
set "ARCHIVE=%BELAY_JAR:~0,-4%.jsa"
set "CDS="
set "TRAIN="
set "RECORDED="
set "ACTUAL="
if /i "%BELAY_CDS%"=="off" goto :start
if not exist "%ARCHIVE%" goto :train
if not exist "%ARCHIVE%.size" goto :use
set /p RECORDED=<"%ARCHIVE%.size"
for %%A in ("%ARCHIVE%") do set "ACTUAL=%%~zA"
if "%ACTUAL%"=="%RECORDED%" goto :use
:train
if /i not "%~1"=="run" goto :start
rem A help or version run loads next to none of the classes an agent needs. Only the option right after
rem run is looked at (cmd splits arguments at = , ; too); picocli's options are case-sensitive (-v is not -V).
for %%H in (-h --help -V --version) do if "%~2"=="%%H" goto :start
set "TRAIN=%ARCHIVE%.%RANDOM%%RANDOM%.tmp"
set CDS=-XX:+IgnoreUnrecognizedVMOptions "-XX:ArchiveClassesAtExit=%TRAIN%" -Xlog:cds=off -Xlog:cds+dynamic=off
goto :start
:use
set CDS="-XX:SharedArchiveFile=%ARCHIVE%" -Xlog:cds=off -Xlog:cds+dynamic=off
:start
"%JAVA%" -XX:+UseSerialGC -Xms4m -Xmn1m -Xmx64m -Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -XX:-UsePerfData -Xshare:auto -XX:CompileThresholdScaling=5 -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:GuaranteedSafepointInterval=0 -XX:AsyncDeflationInterval=5000 %CDS% %BELAY_JAVA_OPTS% -jar "%BELAY_JAR%" %*
set "RC=%ERRORLEVEL%"
if not defined TRAIN exit /b %RC%
if not exist "%TRAIN%" exit /b %RC%
rem Only a run that went as far as the orchestrator loaded the agent's classes (0, 3, 4, 5, 130; as
rem bin/belay): after a usage or configuration error (2) or a crash the next run trains instead.
for %%C in (0 3 4 5 130) do if "%RC%"=="%%C" goto :keep
goto :drop
:keep
set "ACTUAL="
for %%A in ("%TRAIN%") do set "ACTUAL=%%~zA"
if "%ACTUAL%"=="0" goto :drop
rem The archive first, then its length: a failed step leaves no record that fits another file. Only an
rem archive no agent maps is replaced (Windows cannot replace a mapped file): a cut-short one, never used.
move /y "%TRAIN%" "%ARCHIVE%" >nul 2>nul || goto :drop
>"%ARCHIVE%.size" echo %ACTUAL%
exit /b %RC%
:drop
del /q "%TRAIN%" 2>nul
exit /b %RC%
