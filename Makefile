# `sam build` runs the target named after the function (BuildMethod: makefile) and deploys what it
# leaves in ARTIFACTS_DIR. The packages themselves are built by Maven, so `mvn package` and `sam build`
# ship the same bytes.
.PHONY: build-GatewayFunction build-AdminFunction lambda-zip

LAMBDA_ZIP := functions/gateway/target/gateway-lambda.zip
ADMIN_ZIP := functions/admin/target/admin-lambda.zip

# bin/java-home picks a JDK >= 21 (JAVA_HOME if it qualifies) or fails saying how to get one; the
# default `java` of many distributions is older, and the build needs 21.
lambda-zip:
	JAVA_HOME="$$(bin/java-home)" && export JAVA_HOME PATH="$$JAVA_HOME/bin:$$PATH" && \
	  mvn -B -q package -DskipTests -pl functions/gateway,functions/admin -am

build-GatewayFunction: lambda-zip
	unzip -q -o $(LAMBDA_ZIP) -d "$(ARTIFACTS_DIR)"

# The java21 runtime puts lib/*.jar of the unpacked package on the classpath.
build-AdminFunction: lambda-zip
	unzip -q -o $(ADMIN_ZIP) -d "$(ARTIFACTS_DIR)"
