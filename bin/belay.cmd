@echo off
rem belay.cmd: starts the Belay robot agent with the JVM flags it is meant to run with
rem (the same as dev.belay.launcher.JvmFlags and the scheduled task that install-task writes).
rem Class data sharing: belay-launcher.jsa next to the jar is mapped read-only by every agent of the
rem machine. The first "run" without one records the classes it loads and dumps them when it ends,
rem into a file of its own that is then moved into place. BELAY_CDS=off: neither use nor make it.
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
if /i "%BELAY_CDS%"=="off" goto :start
if exist "%ARCHIVE%" (
  set "CDS=-XX:SharedArchiveFile=%ARCHIVE% -Xlog:cds=off -Xlog:cds+dynamic=off"
) else if /i "%~1"=="run" (
  set "TRAIN=%ARCHIVE%.%RANDOM%%RANDOM%.tmp"
)
if defined TRAIN set "CDS=-XX:+IgnoreUnrecognizedVMOptions -XX:ArchiveClassesAtExit=%TRAIN% -Xlog:cds=off -Xlog:cds+dynamic=off"
:start
"%JAVA%" -XX:+UseSerialGC -Xms4m -Xmn1m -Xmx64m -Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -XX:-UsePerfData -Xshare:auto -XX:CompileThresholdScaling=5 -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:GuaranteedSafepointInterval=0 -XX:AsyncDeflationInterval=5000 %CDS% %BELAY_JAVA_OPTS% -jar "%BELAY_JAR%" %*
set "RC=%ERRORLEVEL%"
if defined TRAIN if exist "%TRAIN%" (
  if exist "%ARCHIVE%" (del /q "%TRAIN%" 2>nul) else (move /y "%TRAIN%" "%ARCHIVE%" >nul 2>nul || del /q "%TRAIN%" 2>nul)
)
exit /b %RC%
