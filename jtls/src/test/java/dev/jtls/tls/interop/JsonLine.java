package dev.jtls.tls.interop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-line JSON objects exchanged with the node peer scripts: flat objects whose values are
 * strings, numbers, booleans or null (exactly what their {@code JSON.stringify} calls produce).
 */
final class JsonLine {
  private final String text;
  private int pos;

  private JsonLine(String text) {
    this.text = text;
  }

  /** The members of {@code line}, in order; numbers come back as Long. */
  static Map<String, Object> parse(String line) {
    JsonLine p = new JsonLine(line.strip());
    Map<String, Object> members = new LinkedHashMap<>();
    p.expect('{');
    if (p.peek() != '}') {
      do {
        String key = p.string();
        p.expect(':');
        members.put(key, p.value());
      } while (p.accept(','));
    }
    p.expect('}');
    if (p.pos != p.text.length()) {
      throw p.error("trailing characters");
    }
    return members;
  }

  /** A flat object as one line of JSON (string, number and boolean values). */
  static String write(Map<String, ?> members) {
    StringBuilder sb = new StringBuilder("{");
    members.forEach((key, value) -> {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, key);
      sb.append(':');
      if (value instanceof String text) {
        quote(sb, text);
      } else {
        sb.append(value);
      }
    });
    return sb.append('}').toString();
  }

  private static void quote(StringBuilder sb, String text) {
    sb.append('"');
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (text.startsWith(word, pos)) {
        pos += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int start = pos;
    while (pos < text.length() && "-0123456789".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      throw error("a value");
    }
    return Long.parseLong(text, start, pos, 10);
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(text, pos, pos + 4, 16));
          pos += 4;
        }
        default -> sb.append(e);
      }
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("more input");
    }
    return text.charAt(pos);
  }

  private boolean accept(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw error("'" + c + "'");
    }
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException("expected " + expected + " at " + pos + " in " + text);
  }
}
