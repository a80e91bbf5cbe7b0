package io.runbook.automation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream to its end and keeps at most {@code limit} bytes of it: the first half and the
 * last half, with a marker in place of what was cut. The stream is always drained, so a script that
 * floods its output never blocks on a full pipe. Thread-safe: one thread drains, another reads the
 * text (also while draining, when a stream stays open too long).
 */
final class OutputCapture {

  static final String MARKER_FORMAT = "%n[... %d bytes truncated ...]%n";

  private final int headLimit;
  private final byte[] head;
  private final byte[] tail;
  private int headLength;
  private long tailWritten;
  private long total;

  OutputCapture(int limit) {
    this.headLimit = limit / 2;
    this.head = new byte[headLimit];
    this.tail = new byte[limit - headLimit];
  }

  /** Reads until end of stream or until the stream is closed under it. */
  void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        append(buffer, n);
      }
    } catch (IOException closed) {
      // The stream was closed because the process tree was killed or left it open: keep what we have.
    }
  }

  synchronized void append(byte[] data, int length) {
    int offset = 0;
    if (headLength < headLimit) {
      int n = Math.min(length, headLimit - headLength);
      System.arraycopy(data, 0, head, headLength, n);
      headLength += n;
      offset = n;
    }
    for (int i = offset; i < length && tail.length > 0; i++) {
      tail[(int) (tailWritten % tail.length)] = data[i];
      tailWritten++;
    }
    total += length;
  }

  synchronized long totalBytes() {
    return total;
  }

  synchronized boolean truncated() {
    return tailWritten > tail.length;
  }

  /** What was kept, as UTF-8 text, with the truncation marker where bytes were dropped. */
  synchronized String text() {
    StringBuilder text = new StringBuilder(new String(head, 0, headLength, StandardCharsets.UTF_8));
    if (tailWritten <= tail.length) {
      text.append(new String(tail, 0, (int) tailWritten, StandardCharsets.UTF_8));
      return text.toString();
    }
    long dropped = tailWritten - tail.length;
    text.append(String.format(MARKER_FORMAT, dropped));
    int start = (int) (tailWritten % tail.length);
    byte[] ordered = new byte[tail.length];
    System.arraycopy(tail, start, ordered, 0, tail.length - start);
    System.arraycopy(tail, 0, ordered, tail.length - start, start);
    text.append(new String(ordered, StandardCharsets.UTF_8));
    return text.toString();
  }
}
