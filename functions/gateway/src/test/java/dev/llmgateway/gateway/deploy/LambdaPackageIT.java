package dev.llmgateway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The zip `mvn package` builds is what Lambda needs: the handler script, a runnable jar and its libraries. */
class LambdaPackageIT {
    @Test
    void handlerScriptIsAtTheRootExecutableAndRunsTheJar() throws IOException {
        Map<String, Integer> modes = LambdaZip.modes(LambdaZip.PATH);
        assertThat(modes).containsKey("run.sh");
        assertThat(modes.get("run.sh") & 0555).isEqualTo(0555); // Lambda runs the handler file itself
        try (ZipFile zip = new ZipFile(LambdaZip.PATH.toFile())) {
            String script = new String(zip.getInputStream(zip.getEntry("run.sh")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script).startsWith("#!/bin/sh\n").doesNotContain("\r");
            assertThat(script.lines().filter(l -> l.startsWith("exec ")).toList())
                    .singleElement().asString().startsWith("exec java ").contains("-Dspring.aot.enabled=true").endsWith(" -jar gateway.jar");
        }
    }

    @Test
    void jarNamesItsMainClassAndEveryLibraryItNeedsIsPackaged() throws IOException {
        try (ZipFile zip = new ZipFile(LambdaZip.PATH.toFile())) {
            ZipEntry jar = zip.getEntry("gateway.jar");
            assertThat(jar).isNotNull();
            Manifest manifest;
            try (JarInputStream in = new JarInputStream(zip.getInputStream(jar))) {
                manifest = in.getManifest();
            }
            assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("dev.llmgateway.gateway.GatewayApplication");
            List<String> classPath = Arrays.asList(manifest.getMainAttributes().getValue("Class-Path").split(" "));
            assertThat(classPath).isNotEmpty().allMatch(entry -> zip.getEntry(entry) != null, "packaged in the zip");
            assertThat(classPath).anyMatch(e -> e.startsWith("lib/core-")).anyMatch(e -> e.startsWith("lib/crac-"));
            List<String> libs = zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("lib/") && n.endsWith(".jar")).toList();
            assertThat(libs).hasSameSizeAs(classPath); // nothing packaged that the jar does not use
            assertThat(libs).noneMatch(n -> n.matches("lib/(junit|assertj|mockito|openai-java|spring-boot-test|okhttp).*"));
            // what only long-running mode uses (PutMetricData; Lambda sends EMF), and what nothing uses
            assertThat(libs).noneMatch(n -> n.matches("lib/(cloudwatch-|micrometer-registry-cloudwatch|smithy-rpcv2-protocol"
                    + "|log4j-|tomcat-embed-websocket|tomcat-embed-el).*"));
        }
    }

    @Test
    void entriesCarryTheFixedBuildTimestampNotTheClock() throws IOException {
        // With project.build.outputTimestamp every entry has the same time: two builds give the same bytes.
        try (ZipFile zip = new ZipFile(LambdaZip.PATH.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getLastModifiedTime).distinct().count()).isEqualTo(1);
            try (JarInputStream jar = new JarInputStream(zip.getInputStream(zip.getEntry("gateway.jar")))) {
                java.util.Set<java.nio.file.attribute.FileTime> times = new java.util.HashSet<>();
                for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) times.add(e.getLastModifiedTime());
                assertThat(times).hasSize(1);
            }
        }
    }

    @Test
    void packageFitsLambdasLimits() throws IOException {
        long zipped = Files.size(LambdaZip.PATH);
        long unzipped;
        try (ZipFile zip = new ZipFile(LambdaZip.PATH.toFile())) {
            unzipped = zip.stream().mapToLong(ZipEntry::getSize).sum();
        }
        assertThat(zipped).isLessThan(50L * 1024 * 1024);      // direct upload limit
        assertThat(unzipped).isLessThan(250L * 1024 * 1024);   // unzipped limit, layers included
    }
}
