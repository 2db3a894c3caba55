package dev.llmgateway.bench.load;

import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Bytes the gateway's JVM has allocated since it started, exactly: {@code TotalThreadAllocatedBytes}
 * of its {@code ThreadMXBean} (virtual threads allocate on their carriers, which it counts), read
 * through the JVM's local management agent, started once by attaching. The eden counters jstat reads
 * are only updated at a collection under the Serial GC, so between collections they cannot tell how
 * much was allocated.
 */
final class Allocation implements AutoCloseable {
    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final ObjectName threading;

    private Allocation(JMXConnector connector) throws Exception {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.threading = new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME);
    }

    /** Attaches to {@code pid}; null (and a line on stdout) when that is not possible. */
    static Allocation attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            return new Allocation(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (Exception | LinkageError e) {
            LoadDriver.log("allocation: cannot attach to %d (%s); falling back to jstat's eden counters", pid, e);
            return null;
        }
    }

    /** Total bytes allocated by all threads so far; -1 if it cannot be read. */
    long bytes() {
        try {
            return ((Number) server.getAttribute(threading, "TotalThreadAllocatedBytes")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (Exception ignored) {
            // best effort at the end of the run
        }
    }
}
