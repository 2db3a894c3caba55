package dev.llmgateway.core.stream;

import java.io.IOException;

/** Server-sent events, per the WHATWG event-stream interpretation (event, data; comments ignored). */
public final class SseDecoder implements FrameDecoder {
    private final LineBuffer lines = new LineBuffer();
    private String event;
    private StringBuilder data;

    @Override
    public void feed(byte[] bytes, int offset, int length, FrameSink sink) throws IOException {
        lines.feed(bytes, offset, length, line -> line(line, sink));
    }

    @Override
    public void finish(FrameSink sink) throws IOException {
        lines.finish(line -> line(line, sink));
        dispatch(sink);
    }

    private void line(String line, FrameSink sink) throws IOException {
        if (line.isEmpty()) {
            dispatch(sink);
            return;
        }
        if (line.charAt(0) == ':') return;
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (data == null) data = new StringBuilder(value.length());
                else data.append('\n');
                data.append(value);
            }
            default -> { } // id and retry mean nothing to a one-shot upstream stream
        }
    }

    private void dispatch(FrameSink sink) throws IOException {
        if (data != null) {
            Frame frame = new Frame(event, data.toString());
            data = null;
            event = null;
            sink.accept(frame);
        } else {
            event = null;
        }
    }
}
