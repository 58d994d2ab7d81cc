package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlab.pipeline.job.windows.HyperLogLog;
import io.streamlab.pipeline.records.Json;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * A type's distinct clients per window: exact up to {@link TypeAccumulator#EXACT_CLIENTS}, then an
 * estimate in a bounded size, however many one-off client ids a window gets.
 */
class TypeAccumulatorTest {

    private static TypeAccumulator withClients(int from, int to) {
        TypeAccumulator a = new TypeAccumulator();
        for (int i = from; i < to; i++) {
            a.addClient("client-" + i);
            a.addClient("client-" + i); // a client's second ticket is no new client
        }
        return a;
    }

    @Test
    void upToTheBoundTheCountIsExact() {
        TypeAccumulator a = withClients(0, TypeAccumulator.EXACT_CLIENTS);

        assertThat(a.distinctClients()).isEqualTo(TypeAccumulator.EXACT_CLIENTS);
        assertThat(a.clientSketch).isNull();
    }

    @Test
    void pastTheBoundTheStateStaysSmallAndTheCountIsWithinTwoPercent() {
        for (int n : new int[] {TypeAccumulator.EXACT_CLIENTS + 1, 25_000, 100_000, 1_000_000}) {
            TypeAccumulator a = withClients(0, n);

            assertThat(a.clients).as("ids kept for %d clients", n).isEmpty();
            assertThat(a.clientSketch).hasSize(HyperLogLog.REGISTERS);
            assertThat(a.distinctClients())
                    .as("%d distinct clients", n)
                    .isGreaterThan(TypeAccumulator.EXACT_CLIENTS)
                    .isCloseTo(n, within(Math.round(n * 0.02)));
        }
    }

    @Test
    void mergedPartialsCountTheUnionWhicheverSideEstimates() {
        // exact + exact; exact + exact across the bound; estimate + exact; exact + estimate; estimate +
        // estimate. The exact side brings more new clients than the tolerance: dropping it would show.
        int[][][] cases = {
            {{0, 6_000}, {3_000, 9_000}, {9_000}},
            {{0, 6_000}, {4_000, 12_000}, {12_000}},
            {{0, 100_000}, {100_000, 110_000}, {110_000}},
            {{0, 9_999}, {9_999, 200_000}, {200_000}},
            {{0, 600_000}, {400_000, 1_000_000}, {1_000_000}},
        };
        for (int[][] c : cases) {
            TypeAccumulator a = withClients(c[0][0], c[0][1]);
            TypeAccumulator b = withClients(c[1][0], c[1][1]);
            long union = c[2][0];

            long merged = a.merge(b).distinctClients();

            if (union <= TypeAccumulator.EXACT_CLIENTS) {
                assertThat(merged).isEqualTo(union);
                assertThat(a.clientSketch).isNull();
            } else {
                assertThat(merged).as("union of %d", union).isCloseTo(union, within(Math.round(union * 0.02)));
                assertThat(a.clients).isEmpty();
            }
        }
    }

    @Test
    void itIsAFlinkPojoAndItsSketchSurvivesTheSerializer() throws Exception {
        TypeInformation<TypeAccumulator> info = TypeInformation.of(TypeAccumulator.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<TypeAccumulator> serializer = info.createSerializer(new SerializerConfigImpl());

        for (TypeAccumulator a : new TypeAccumulator[] {withClients(0, 3), withClients(0, 50_000)}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(a, out);
            TypeAccumulator back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back.distinctClients()).isEqualTo(a.distinctClients());
            assertThat(back.clients).isEqualTo(a.clients);
            assertThat(out.length()).as("serialised bytes").isLessThan(20_000);
        }
    }

    @Test
    void aLateDeadLetterShowsTheCountNotTheRegisters() throws Exception {
        String json = new String(Json.write(withClients(0, 20_000)), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"distinct_clients\":")
                .doesNotContain("sketch")
                .hasSizeLessThan(300);
    }
}
