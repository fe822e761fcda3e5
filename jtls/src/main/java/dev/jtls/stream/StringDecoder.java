package dev.jtls.stream;

import dev.jtls.events.NodeError;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Node's string_decoder: turns a byte stream into text without splitting a character (or a
 * base64 quantum) across two chunks. Created by {@code setEncoding}.
 */
final class StringDecoder {
  private final String encoding;
  private final CharsetDecoder charset;
  private ByteBuffer pending = ByteBuffer.allocate(0);

  private StringDecoder(String encoding, CharsetDecoder charset) {
    this.encoding = encoding;
    this.charset = charset;
  }

  /** A decoder for one of Node's encoding names; throws ERR_UNKNOWN_ENCODING otherwise. */
  static StringDecoder forEncoding(String name) {
    String enc = normalize(name);
    return switch (enc) {
      case "utf8" -> new StringDecoder(enc, replacing(StandardCharsets.UTF_8.newDecoder()));
      case "utf16le" -> new StringDecoder(enc, replacing(StandardCharsets.UTF_16LE.newDecoder()));
      case "latin1" -> new StringDecoder(enc, replacing(StandardCharsets.ISO_8859_1.newDecoder()));
      case "ascii" -> new StringDecoder(enc, null);
      case "hex", "base64" -> new StringDecoder(enc, null);
      default -> throw new NodeError("ERR_UNKNOWN_ENCODING", "Unknown encoding: " + name);
    };
  }

  /** Node's canonical name for an encoding alias, or the lower-cased input when unknown. */
  static String normalize(String name) {
    if (name == null) {
      throw NodeError.invalidArgType("encoding", "of type string", null);
    }
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "utf8", "utf-8" -> "utf8";
      case "ucs2", "ucs-2", "utf16le", "utf-16le" -> "utf16le";
      case "latin1", "binary" -> "latin1";
      default -> n;
    };
  }

  String encoding() {
    return encoding;
  }

  /** Decodes {@code chunk}, keeping an incomplete trailing character for the next call. */
  String write(byte[] chunk) {
    return switch (encoding) {
      case "ascii" -> asciiOf(chunk);
      case "hex" -> HexFormat.of().formatHex(chunk);
      case "base64" -> base64(chunk);
      default -> decode(chunk);
    };
  }

  private String decode(byte[] chunk) {
    ByteBuffer in = join(chunk);
    CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) charset.maxCharsPerByte()) + 2);
    charset.decode(in, out, false);
    pending = in.hasRemaining() ? ByteBuffer.wrap(copyRemaining(in)) : ByteBuffer.allocate(0);
    out.flip();
    return out.toString();
  }

  private String base64(byte[] chunk) {
    ByteBuffer in = join(chunk);
    int whole = in.remaining() - in.remaining() % 3;
    byte[] now = new byte[whole];
    in.get(now);
    pending = ByteBuffer.wrap(copyRemaining(in));
    return Base64.getEncoder().encodeToString(now);
  }

  private ByteBuffer join(byte[] chunk) {
    if (!pending.hasRemaining()) {
      return ByteBuffer.wrap(chunk);
    }
    ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + chunk.length);
    joined.put(pending).put(chunk).flip();
    return joined;
  }

  private static byte[] copyRemaining(ByteBuffer in) {
    byte[] rest = new byte[in.remaining()];
    in.get(rest);
    return rest;
  }

  private static String asciiOf(byte[] chunk) {
    char[] chars = new char[chunk.length];
    for (int i = 0; i < chunk.length; i++) {
      chars[i] = (char) (chunk[i] & 0x7F);
    }
    return new String(chars);
  }

  private static CharsetDecoder replacing(CharsetDecoder d) {
    return d.onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  /** Encodes {@code text} in one of Node's encodings, for {@code write(String, encoding)}. */
  static byte[] encode(String text, String encodingName) {
    String enc = normalize(encodingName);
    return switch (enc) {
      case "utf8" -> text.getBytes(StandardCharsets.UTF_8);
      case "utf16le" -> text.getBytes(StandardCharsets.UTF_16LE);
      case "latin1", "ascii" -> text.getBytes(StandardCharsets.ISO_8859_1);
      case "hex" -> HexFormat.of().parseHex(text.length() % 2 == 0 ? text : text.substring(0, text.length() - 1));
      case "base64" -> Base64.getMimeDecoder().decode(text);
      default -> throw new NodeError("ERR_UNKNOWN_ENCODING", "Unknown encoding: " + encodingName);
    };
  }
}
