package dev.llmgateway.core.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events, per the WHATWG event-stream interpretation (event, data; comments ignored).
 * Field names are matched on the raw bytes and only values are decoded, once: an event's single
 * {@code data} line (the usual case) becomes the frame's data without further copies.
 */
public final class SseDecoder implements FrameDecoder {
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] DATA = {'d', 'a', 't', 'a'};

    private final LineBuffer lines = new LineBuffer();
    private final LineBuffer.LineSink onLine = this::line;
    private FrameSink sink;
    private String event;
    private String data;          // the first data line
    private StringBuilder more;   // the data lines joined, once there is a second one

    @Override
    public void feed(byte[] bytes, int offset, int length, FrameSink sink) throws IOException {
        this.sink = sink;
        lines.feed(bytes, offset, length, onLine);
    }

    @Override
    public void finish(FrameSink sink) throws IOException {
        this.sink = sink;
        lines.finish(onLine);
        dispatch();
    }

    private void line(byte[] line, int length) throws IOException {
        if (length == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') return;
        int colon = indexOf(line, length, (byte) ':');
        int fieldEnd = colon < 0 ? length : colon;
        int valueStart = colon < 0 ? length : colon + 1 < length && line[colon + 1] == ' ' ? colon + 2 : colon + 1;
        if (is(line, fieldEnd, EVENT)) {
            event = value(line, valueStart, length);
        } else if (is(line, fieldEnd, DATA)) {
            String value = value(line, valueStart, length);
            if (data == null) {
                data = value;
            } else {
                if (more == null) more = new StringBuilder(data);
                more.append('\n').append(value);
            }
        }
        // id and retry mean nothing to a one-shot upstream stream
    }

    private void dispatch() throws IOException {
        if (data != null) {
            Frame frame = new Frame(event, more == null ? data : more.toString());
            data = null;
            more = null;
            event = null;
            sink.accept(frame);
        } else {
            event = null;
        }
    }

    private static String value(byte[] line, int from, int to) {
        return from == to ? "" : new String(line, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean is(byte[] line, int length, byte[] name) {
        if (length != name.length) return false;
        for (int i = 0; i < length; i++) {
            if (line[i] != name[i]) return false;
        }
        return true;
    }

    private static int indexOf(byte[] line, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (line[i] == b) return i;
        }
        return -1;
    }
}
