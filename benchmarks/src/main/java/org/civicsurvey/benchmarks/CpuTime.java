package org.civicsurvey.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * CPU seconds per call of a piece of work, the measure R's {@code system.time} gives as user +
 * system: the process's CPU time (all threads, the JIT and the collector included) over a run of
 * calls after warm-up calls. On a machine shared with other work it moves less than elapsed time.
 */
final class CpuTime {
    private CpuTime() {
    }

    /**
     * @param label what is measured, printed first
     * @param work the work; its result is kept from the optimiser
     * @param warmups calls before the measurement
     * @param calls calls measured
     * @return CPU seconds per measured call
     */
    static double perCall(String label, Supplier<?> work, int warmups, int calls) {
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int sink = 0;
        for (int i = 0; i < warmups; i++) {
            sink += System.identityHashCode(work.get()) & 1;
        }
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += System.identityHashCode(work.get()) & 1;
        }
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9 / calls;
        double wall = (System.nanoTime() - wall0) / 1e9 / calls;
        System.out.printf("%-60s CPU %.3f s, elapsed %.3f s per call (%d calls after %d; %d)%n", label, cpu, wall, calls,
            warmups, sink);
        return cpu;
    }
}
