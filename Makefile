# `sam build` runs the target named after the function (BuildMethod: makefile) and deploys what it
# leaves in ARTIFACTS_DIR. The package itself is built by Maven, so `mvn package` and `sam build`
# ship the same bytes.
.PHONY: build-GatewayFunction lambda-zip

LAMBDA_ZIP := functions/gateway/target/gateway-lambda.zip

# bin/java-home picks a JDK >= 21 (JAVA_HOME if it qualifies) or fails saying how to get one; the
# default `java` of many distributions is older, and the build needs 21.
lambda-zip:
	JAVA_HOME="$$(bin/java-home)" && export JAVA_HOME PATH="$$JAVA_HOME/bin:$$PATH" && \
	  mvn -B -q package -DskipTests -pl functions/gateway -am

build-GatewayFunction: lambda-zip
	unzip -q -o $(LAMBDA_ZIP) -d "$(ARTIFACTS_DIR)"
