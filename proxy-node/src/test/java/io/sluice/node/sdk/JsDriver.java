package io.sluice.node.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * centrifuge-js from npm, unchanged, in one Node process ({@code src/test/js/sdk-driver.mjs}) that
 * takes commands on stdin and reports the SDK's events on stdout, a JSON object a line each way.
 */
final class JsDriver implements SdkDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String protocol;
    private final String transport;
    private final Process process;
    private final Writer commands;
    private final Map<String, Events> clients = new ConcurrentHashMap<>();
    private final List<String> driverErrors = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicInteger ids = new AtomicInteger();

    private JsDriver(String protocol, String transport) throws IOException, InterruptedException {
        this.protocol = protocol;
        this.transport = transport;
        File dir = new File(System.getProperty("sluice.js.dir", "src/test/js"));
        ProcessBuilder builder = new ProcessBuilder(List.of("node", "sdk-driver.mjs")).directory(dir);
        builder.environment().put("SLUICE_PROTOCOL", protocol);
        builder.environment().put("SLUICE_TRANSPORT", transport);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = builder.start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readEvents, "centrifuge-js-" + protocol + "-" + transport);
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("sdk-driver.mjs did not start; run npm ci in " + dir);
        }
    }

    /** @param protocol {@code json} (the default build) or {@code protobuf} (the Protobuf build) */
    static JsDriver start(String protocol) {
        return start(protocol, "websocket");
    }

    /** @param transport {@code websocket}, or a fallback: {@code http_stream} or {@code sse} (JSON only) */
    static JsDriver start(String protocol, String transport) {
        try {
            return new JsDriver(protocol, transport);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public boolean errorEventOnTerminalSubscribeError() {
        // Subscription._subscribeError: only code < 100, 109 or temporary errors emit 'error' (and retry).
        return false;
    }

    private void readEvents() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                onLine(line);
            }
        } catch (IOException e) {
            driverErrors.add("reading the driver's output: " + e);
        }
    }

    private void onLine(String line) {
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (IOException e) {
            driverErrors.add("not an event: " + line);
            return;
        }
        String type = event.path("type").asText();
        if (type.equals("ready")) {
            ready.countDown();
            return;
        }
        Events events = clients.get(event.path("client").asText());
        if (events == null) {
            driverErrors.add(line);
            System.err.println("sdk-driver.mjs: " + line);
            return;
        }
        new SdkEvent(type, text(event, "channel"), event.path("code").asInt(), text(event, "text"), text(event, "data"))
                .recordOn(events);
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private synchronized void command(String client, String op, Object... fields) {
        if (!driverErrors.isEmpty()) {
            List<String> errors = List.copyOf(driverErrors);
            driverErrors.clear();
            throw new AssertionError("sdk-driver.mjs reported " + errors);
        }
        ObjectNode command = JSON.createObjectNode().put("op", op).put("client", client);
        for (int i = 0; i < fields.length; i += 2) {
            command.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        }
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("sdk-driver.mjs is gone", e);
        }
    }

    @Override
    public SdkDriver.Client client(ClientOptions options) {
        String id = "c" + ids.incrementAndGet();
        Events events = new Events();
        clients.put(id, events);
        command(id, "client", "url", options.url(), "token", options.token(), "data", options.data(),
                "headers", options.headers().isEmpty() ? null : options.headers());
        return new SdkDriver.Client() {
            @Override
            public Events events() {
                return events;
            }

            @Override
            public void connect() {
                command(id, "connect");
            }

            @Override
            public void subscribe(String channel, String data) {
                command(id, "subscribe", "channel", channel, "data", data);
            }

            @Override
            public void unsubscribe(String channel) {
                command(id, "unsubscribe", "channel", channel);
            }

            @Override
            public void publish(String channel, String data) {
                command(id, "publish", "channel", channel, "data", data);
            }

            @Override
            public void send(String data) {
                command(id, "send", "data", data);
            }

            @Override
            public void disconnect() {
                command(id, "disconnect");
            }
        };
    }

    @Override
    public void close() {
        try {
            commands.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
