package c360.neo4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Local Neo4j Community server for development and tests.
 *
 * <p>Usage: {@code Neo4jLauncher --data-dir DIR --bolt-port PORT [--warm-up-port PORT]}
 *
 * <ul>
 *   <li>Runs an embedded DatabaseManagementService rooted at DIR (store in DIR/data, logs in DIR/logs).
 *   <li>Bolt on 127.0.0.1:PORT only, no auth (loopback only), HTTP/HTTPS connectors off.
 *   <li>With {@code --warm-up-port}: a second, throwaway DatabaseManagementService in the same JVM,
 *       rooted at DIR/warm-up (emptied at start), with Bolt on that port, announced by the line
 *       {@code C360_NEO4J_WARM_UP bolt://127.0.0.1:PORT} before the READY line. A client commits
 *       work into it so that the JVM compiles Neo4j's write and commit paths before the real store
 *       takes any load (a rolled-back transaction never runs them), then writes the line
 *       {@code end-warm-up} to stdin: the warm-up store is shut down and deleted, and the launcher
 *       prints {@code C360_NEO4J_WARM_UP_ENDED}.
 *   <li>Prints the line {@code C360_NEO4J_READY bolt://127.0.0.1:PORT} on stdout once Bolt
 *       accepts connections. Nothing but these lines is written to stdout.
 *   <li>Shuts down cleanly on SIGTERM/SIGINT (shutdown hook) and when stdin reaches EOF, so it dies
 *       with its parent process.
 *   <li>On error: one line {@code C360_NEO4J_ERROR: ...} on stderr, exit code 1 (2 for bad usage).
 * </ul>
 */
public final class Neo4jLauncher {
    private static final String READY_PREFIX = "C360_NEO4J_READY ";
    private static final String WARM_UP_PREFIX = "C360_NEO4J_WARM_UP ";
    private static final String WARM_UP_ENDED = "C360_NEO4J_WARM_UP_ENDED";
    private static final String END_WARM_UP = "end-warm-up";
    private static final String ERROR_PREFIX = "C360_NEO4J_ERROR: ";
    private static final Duration BOLT_WAIT = Duration.ofSeconds(60);

    private static final Object LOCK = new Object();
    private static DatabaseManagementService service;
    /** The throwaway warm-up store, while it runs (guarded by LOCK). */
    private static DatabaseManagementService warmUpService;
    private static Path warmUpHome;
    /** The process's real stdout, for the protocol lines only (guarded by itself). */
    private static PrintStream protocolOut;
    private static Log4jLogProvider userLog;
    private static final AtomicBoolean stopping = new AtomicBoolean(false);
    /** Counted down once build() has returned or failed, so the shutdown hook can wait for it. */
    private static final CountDownLatch startupDone = new CountDownLatch(1);

    private Neo4jLauncher() {}

    public static void main(String[] args) {
        // Keep the real stdout for the READY line only; anything else that prints to System.out
        // (libraries, stray logging) goes to stderr instead.
        protocolOut = System.out;
        System.setOut(System.err);

        Path dataDir = null;
        Integer port = null;
        Integer warmUpPort = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (("--data-dir".equals(a) || "--bolt-port".equals(a) || "--warm-up-port".equals(a)) && i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            switch (a) {
                case "--data-dir" -> dataDir = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--bolt-port" -> port = parsePort(a, args[++i]);
                case "--warm-up-port" -> warmUpPort = parsePort(a, args[++i]);
                default -> usage("unknown argument '" + a + "'");
            }
        }
        if (dataDir == null || port == null) {
            usage("both --data-dir and --bolt-port are required");
        }

        Runtime.getRuntime().addShutdownHook(new Thread(Neo4jLauncher::shutdown, "c360-neo4j-shutdown"));
        startStdinWatcher();

        try {
            Path logsDir = dataDir.resolve("logs");
            Files.createDirectories(logsDir);
            OutputStream userLogStream = Files.newOutputStream(
                    logsDir.resolve("neo4j.log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Log4jLogProvider logProvider = new Log4jLogProvider(userLogStream, Level.INFO);

            DatabaseManagementService dbms = build(dataDir, logsDir, port, logProvider, Long.getLong("c360.pagecacheMiB", 64L));
            synchronized (LOCK) {
                service = dbms;
                userLog = logProvider;
            }
            if (warmUpPort != null && !stopping.get()) {
                Path home = dataDir.resolve("warm-up");
                deleteTree(home);
                DatabaseManagementService warmUp = build(home, home.resolve("logs"), warmUpPort, logProvider, WARM_UP_PAGE_CACHE_MIB);
                synchronized (LOCK) {
                    warmUpService = warmUp;
                    warmUpHome = home;
                }
                waitForBolt(warmUpPort);
                protocolLine(WARM_UP_PREFIX + "bolt://127.0.0.1:" + warmUpPort);
            }
            startupDone.countDown();
            if (stopping.get()) {
                // A shutdown began while we were starting; the hook shuts the DBMS down.
                return;
            }

            waitForBolt(port);
            protocolLine(READY_PREFIX + "bolt://127.0.0.1:" + port);
        } catch (Throwable t) {
            startupDone.countDown();
            fail(t);
        }
        // Park the main thread: the JVM lives until a signal or stdin EOF triggers System.exit /
        // the shutdown hook.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    /** A warm-up store of tens of thousands of records fits; its pages only need to be there once. */
    private static final long WARM_UP_PAGE_CACHE_MIB = 128L;

    /** One DBMS rooted at {@code home}, Bolt on 127.0.0.1:{@code port}. */
    private static DatabaseManagementService build(Path home, Path logsDir, int port, Log4jLogProvider logProvider, long pageCacheMiB) {
        return new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(logProvider)
                    .setConfig(GraphDatabaseSettings.logs_directory, logsDir)
                    // Bolt on loopback only, no auth.
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(BoltConnector.thread_pool_min_size, 1)
                    .setConfig(BoltConnector.thread_pool_max_size, 50)
                    // Defaults wait 5 s each on shutdown even with no client connected.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    // No usage-data reporting (no network besides loopback).
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Small footprint by default; -Dc360.pagecacheMiB sizes the page cache for larger stores.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB))
                    .setConfig(GraphDatabaseSettings.pagecache_warmup_enabled, false)
                    // -Dc360.logRotationMiB: a store taking batches of thousands of records rotates less often with a larger log.
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(Long.getLong("c360.logRotationMiB", 1L)))
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    .setConfig(GraphDatabaseSettings.query_cache_size, 100)
                    // One cached plan per statement and parameter types, whatever their lengths: with size hints, a string
                    // or list parameter's length (to the next power of ten) is part of the plan cache key, so a call of
                    // one record after batches of a thousand planned each statement again (250-600 ms each).
                    .setConfig(GraphDatabaseInternalSettings.cypher_size_hint_parameters, false)
                    .build();
    }

    private static int parsePort(String option, String value) {
        int port = 0;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(option + " must be an integer, got '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            usage(option + " must be in 1..65535, got " + port);
        }
        return port;
    }

    private static void protocolLine(String line) {
        synchronized (protocolOut) {
            protocolOut.println(line);
            protocolOut.flush();
        }
    }

    /** Shuts the warm-up store down and deletes it, if it runs; then says so on stdout. */
    private static void endWarmUp() {
        stopWarmUp();
        protocolLine(WARM_UP_ENDED);
    }

    /** Shuts the warm-up store down and deletes it, if it runs (once, whoever calls first). */
    private static void stopWarmUp() {
        DatabaseManagementService warmUp;
        Path home;
        synchronized (LOCK) {
            warmUp = warmUpService;
            home = warmUpHome;
            warmUpService = null;
            warmUpHome = null;
        }
        if (warmUp != null) {
            try {
                warmUp.shutdown();
                deleteTree(home);
            } catch (Throwable t) {
                System.err.println(ERROR_PREFIX + "ending the warm-up store failed: " + describe(t));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Polls until a TCP connection to the Bolt port succeeds. */
    private static void waitForBolt(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOLT_WAIT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("Bolt did not accept connections on 127.0.0.1:" + port + " within "
                + BOLT_WAIT.toSeconds() + " s" + (last != null ? ": " + last.getMessage() : ""));
    }

    /**
     * Ends the warm-up store on the line {@code end-warm-up}; exits (running the shutdown hook) when
     * stdin reaches EOF, i.e. when the parent goes away. Other input is ignored.
     */
    private static void startStdinWatcher() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (END_WARM_UP.equals(line.strip())) {
                        endWarmUp();
                    }
                }
            } catch (IOException ignored) {
                // treat a broken stdin like EOF
            }
            System.exit(0);
        }, "c360-neo4j-stdin-watcher");
        t.setDaemon(true);
        t.start();
    }

    private static void shutdown() {
        stopping.set(true);
        try {
            // If a signal arrives mid-startup, let build() finish so the store is closed cleanly.
            startupDone.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        stopWarmUp();
        DatabaseManagementService dbms;
        Log4jLogProvider log;
        synchronized (LOCK) {
            dbms = service;
            log = userLog;
            service = null;
            userLog = null;
        }
        if (dbms != null) {
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                System.err.println(ERROR_PREFIX + "shutdown failed: " + describe(t));
            }
        }
        if (log != null) {
            log.close();
        }
    }

    private static void usage(String problem) {
        System.err.println(ERROR_PREFIX + problem
                + " (usage: Neo4jLauncher --data-dir DIR --bolt-port PORT [--warm-up-port PORT])");
        System.err.flush();
        System.exit(2);
    }

    private static void fail(Throwable t) {
        System.err.println(ERROR_PREFIX + describe(t));
        System.err.flush();
        System.exit(1);
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable cur = t;
        int depth = 0;
        while (cur != null && depth < 5) {
            if (depth > 0) {
                sb.append(" <- caused by: ");
            }
            sb.append(cur.getClass().getSimpleName()).append(": ").append(String.valueOf(cur.getMessage()));
            if (cur.getCause() == cur) {
                break;
            }
            cur = cur.getCause();
            depth++;
        }
        return sb.toString().replace('\n', ' ').replace('\r', ' ');
    }
}
