import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * Temporal's time-skipping test server with its clock starting at a chosen instant.
 *
 * <p>Same arguments as io.temporal.testserver.TestServer (port, then --enable-time-skipping), plus
 * --start-time=ISO-8601-instant. Deadline tests pin their scenario dates (a Christmas, a clock
 * change) so they assert the same exact dates whatever day they run on.
 */
public final class ScenarioClockTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: <port> [--enable-time-skipping] [--start-time=2027-12-01T09:00:00Z]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean lockTimeSkipping = true;
    long startMillis = 0L; // 0: the wall clock, as TestServer does
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equalsIgnoreCase("--enable-time-skipping")) {
        lockTimeSkipping = false;
      } else if (arg.startsWith("--start-time=")) {
        startMillis = Instant.parse(arg.substring("--start-time=".length())).toEpochMilli();
      } else {
        System.err.println("Unknown flag " + arg);
        System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(lockTimeSkipping, startMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdownNow();
                  services.close();
                }));
    server.awaitTermination();
  }
}
