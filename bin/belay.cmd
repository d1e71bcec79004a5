@echo off
rem belay.cmd: starts the Belay robot agent with the JVM flags it is meant to run with
rem (the same as dev.belay.launcher.JvmFlags and the scheduled task that install-task writes).
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
set "CDS="
if exist "%BELAY_JAR:~0,-4%.jsa" set "CDS=-XX:SharedArchiveFile=%BELAY_JAR:~0,-4%.jsa"
"%JAVA%" -XX:+UseSerialGC -Xms8m -Xmx64m -Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -Xshare:auto %CDS% %BELAY_JAVA_OPTS% -jar "%BELAY_JAR%" %*
exit /b %ERRORLEVEL%
