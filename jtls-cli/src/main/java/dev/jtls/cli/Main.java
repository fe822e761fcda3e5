package dev.jtls.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The {@code jtls} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the process exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      usage(out);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "demo" -> new Demo(out, err).run(rest);
      default -> {
        err.println("jtls: unknown command '" + args[0] + "'");
        usage(err);
        yield 2;
      }
    };
  }

  private static void usage(PrintStream out) {
    out.println("usage: jtls <command>");
    out.println();
    out.println("commands:");
    out.println("  demo    start a TLS server on a free loopback port with an ephemeral self-signed identity,");
    out.println("          connect a client to it, exchange a message, and print what the client sees");
  }
}
