package dev.jtls.net;

import dev.jtls.events.NodeError;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Map;

/**
 * Node's system error: a failed system call with libuv's {@code code} ({@code ECONNREFUSED},
 * {@code EADDRINUSE}, ...), its negative {@code errno} (Linux numbering, as Node reports on Linux),
 * the {@code syscall} that failed and, where Node gives them, the {@code address} and {@code port}
 * (or the {@code hostname} of a failed lookup). Messages have Node's two formats:
 * {@code connect ECONNREFUSED 127.0.0.1:1} and
 * {@code listen EADDRINUSE: address already in use 127.0.0.1:8080}.
 */
public class SystemError extends NodeError {
  private record Code(int errno, String description) {}

  /** libuv's codes with Linux errno values and libuv's descriptions (uv_strerror). */
  private static final Map<String, Code> CODES = Map.ofEntries(
      Map.entry("EPERM", new Code(-1, "operation not permitted")),
      Map.entry("ENOENT", new Code(-2, "no such file or directory")),
      Map.entry("EBADF", new Code(-9, "bad file descriptor")),
      Map.entry("EAGAIN", new Code(-11, "resource temporarily unavailable")),
      Map.entry("EACCES", new Code(-13, "permission denied")),
      Map.entry("ENOTDIR", new Code(-20, "not a directory")),
      Map.entry("EINVAL", new Code(-22, "invalid argument")),
      Map.entry("EMFILE", new Code(-24, "too many open files")),
      Map.entry("EPIPE", new Code(-32, "broken pipe")),
      Map.entry("ENAMETOOLONG", new Code(-36, "name too long")),
      Map.entry("ENOTSOCK", new Code(-88, "socket operation on non-socket")),
      Map.entry("EAFNOSUPPORT", new Code(-97, "address family not supported")),
      Map.entry("EADDRINUSE", new Code(-98, "address already in use")),
      Map.entry("EADDRNOTAVAIL", new Code(-99, "address not available")),
      Map.entry("ENETDOWN", new Code(-100, "network is down")),
      Map.entry("ENETUNREACH", new Code(-101, "network is unreachable")),
      Map.entry("ECONNABORTED", new Code(-103, "software caused connection abort")),
      Map.entry("ECONNRESET", new Code(-104, "connection reset by peer")),
      Map.entry("ENOTCONN", new Code(-107, "socket is not connected")),
      Map.entry("ETIMEDOUT", new Code(-110, "connection timed out")),
      Map.entry("ECONNREFUSED", new Code(-111, "connection refused")),
      Map.entry("EHOSTUNREACH", new Code(-113, "host is unreachable")),
      Map.entry("ECANCELED", new Code(-125, "operation canceled")),
      Map.entry("EAI_AGAIN", new Code(-3001, "temporary failure")),
      Map.entry("ENOTFOUND", new Code(-3008, "unknown node or service")),
      Map.entry("UNKNOWN", new Code(-4094, "unknown error")));

  /** The strerror(3) texts Java puts in its exceptions, and the code each stands for. */
  private static final Map<String, String> STRERROR = Map.ofEntries(
      Map.entry("connection refused", "ECONNREFUSED"),
      Map.entry("address already in use", "EADDRINUSE"),
      Map.entry("connection reset by peer", "ECONNRESET"),
      Map.entry("connection reset", "ECONNRESET"),
      Map.entry("broken pipe", "EPIPE"),
      Map.entry("connection timed out", "ETIMEDOUT"),
      Map.entry("no such file or directory", "ENOENT"),
      Map.entry("permission denied", "EACCES"),
      Map.entry("operation not permitted", "EPERM"),
      Map.entry("cannot assign requested address", "EADDRNOTAVAIL"),
      Map.entry("network is unreachable", "ENETUNREACH"),
      Map.entry("network is down", "ENETDOWN"),
      Map.entry("no route to host", "EHOSTUNREACH"),
      Map.entry("software caused connection abort", "ECONNABORTED"),
      Map.entry("connection aborted", "ECONNABORTED"),
      Map.entry("too many open files", "EMFILE"),
      Map.entry("invalid argument", "EINVAL"),
      Map.entry("transport endpoint is not connected", "ENOTCONN"),
      Map.entry("not a directory", "ENOTDIR"),
      Map.entry("file name too long", "ENAMETOOLONG"),
      Map.entry("address family not supported by protocol", "EAFNOSUPPORT"),
      Map.entry("protocol family unavailable", "EAFNOSUPPORT"));

  private final int errno;
  private final String syscall;
  private final String address;
  private final int port;
  private final String hostname;

  private SystemError(String code, String message, String syscall, String address, int port, String hostname,
      Throwable cause) {
    super(code, message, cause);
    this.errno = CODES.getOrDefault(code, CODES.get("UNKNOWN")).errno();
    this.syscall = syscall;
    this.address = address;
    this.port = port;
    this.hostname = hostname;
  }

  /**
   * A failed call reported the way Node's {@code errnoException}/{@code exceptionWithHostPort} do:
   * {@code <syscall> <code>[ <address>[:<port>]]}, e.g. {@code connect ECONNREFUSED 127.0.0.1:1},
   * {@code read ECONNRESET}. {@code address} may be null; {@code port} is -1 when not applicable.
   */
  public static SystemError of(String code, String syscall, String address, int port) {
    return of(code, syscall, address, port, null);
  }

  static SystemError of(String code, String syscall, String address, int port, Throwable cause) {
    return new SystemError(code, syscall + " " + code + where(address, port), syscall, address, port, null, cause);
  }

  /**
   * A failed call reported the way Node's {@code UVExceptionWithHostPort} does, with libuv's
   * description: {@code listen EADDRINUSE: address already in use 127.0.0.1:8080}.
   */
  public static SystemError withDescription(String code, String syscall, String address, int port) {
    return withDescription(code, syscall, address, port, null);
  }

  static SystemError withDescription(String code, String syscall, String address, int port, Throwable cause) {
    String description = CODES.getOrDefault(code, CODES.get("UNKNOWN")).description();
    return new SystemError(code, syscall + " " + code + ": " + description + where(address, port), syscall, address,
        port, null, cause);
  }

  /** A failed name lookup: {@code getaddrinfo ENOTFOUND <hostname>}. */
  public static SystemError lookup(String code, String hostname, Throwable cause) {
    return new SystemError(code, "getaddrinfo " + code + " " + hostname, "getaddrinfo", null, -1, hostname, cause);
  }

  /** The libuv code Java's exception stands for, judged by the operating system's message it carries. */
  static String codeOf(IOException e) {
    if (e instanceof ClosedChannelException) {
      return "EBADF";
    }
    if (e instanceof UnknownHostException) {
      return "ENOTFOUND";
    }
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    String best = null;
    int bestLength = 0;
    for (Map.Entry<String, String> entry : STRERROR.entrySet()) {
      if (message.contains(entry.getKey()) && entry.getKey().length() > bestLength) {
        best = entry.getValue();
        bestLength = entry.getKey().length();
      }
    }
    return best != null ? best : "UNKNOWN";
  }

  /** Java's exception from {@code syscall} as Node's error, e.g. {@code read ECONNRESET}. */
  static SystemError from(IOException e, String syscall, String address, int port) {
    return of(codeOf(e), syscall, address, port, e);
  }

  private static String where(String address, int port) {
    if (address == null) {
      return "";
    }
    return port > 0 ? " " + address + ":" + port : " " + address;
  }

  /** Node's {@code err.errno}: the negative libuv error number. */
  public int errno() {
    return errno;
  }

  /** Node's {@code err.syscall}: {@code connect}, {@code listen}, {@code read}, {@code write}, {@code getaddrinfo}. */
  public String syscall() {
    return syscall;
  }

  /** Node's {@code err.address}, or null when the call had none. */
  public String address() {
    return address;
  }

  /** Node's {@code err.port}, or -1 when the call had none. */
  public int port() {
    return port;
  }

  /** Node's {@code err.hostname} of a failed lookup, or null. */
  public String hostname() {
    return hostname;
  }
}
