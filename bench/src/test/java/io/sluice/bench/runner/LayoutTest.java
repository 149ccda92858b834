package io.sluice.bench.runner;

import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.generator.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutTest {

    @Test
    void oneStreamPerConnectionWhenTheDescriptorsAllow() {
        Layout layout = Layout.of(20_000, 100_000);

        assertThat(layout.connections()).isEqualTo(20_000);
        assertThat(layout.oneStreamPerConnection()).isTrue();
    }

    @Test
    void streamsSpreadEvenlyWhenTheyDoNot() {
        Layout layout = Layout.of(50_000, 20_000);
        LoadSpec spec = new LoadSpec(LoadSpec.Route.PROXIED, Transport.WEBSOCKET, "127.0.0.1", 1, layout.connections(), layout.streams(),
                List.of(), null, 0, 0, 1, 1);

        assertThat(layout.connections()).isEqualTo(20_000 - 400 - 500);
        assertThat(IntStream.range(0, layout.connections()).map(spec::streamsOn).sum()).isEqualTo(50_000);
        assertThat(IntStream.range(0, layout.connections()).map(spec::streamsOn).max().getAsInt()
                - IntStream.range(0, layout.connections()).map(spec::streamsOn).min().getAsInt()).isLessThanOrEqualTo(1);
        assertThat(layout.describe()).contains("50,000 streams over 19,100 connections");
    }
}
