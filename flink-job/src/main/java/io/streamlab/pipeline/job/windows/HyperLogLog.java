package io.streamlab.pipeline.job.windows;

/**
 * A HyperLogLog estimate of how many distinct strings were added, in a {@code byte[]} of {@value
 * #REGISTERS} registers (16 KiB) whatever their number: standard error 0.8%. The registers are plain bytes
 * so that window state holding them needs no serializer of its own; {@link #merge} of two is the sketch
 * of the union.
 */
public final class HyperLogLog {
    private static final int PRECISION = 14;
    public static final int REGISTERS = 1 << PRECISION;

    private HyperLogLog() {}

    public static byte[] empty() {
        return new byte[REGISTERS];
    }

    public static void add(byte[] registers, String value) {
        long hash = hash(value);
        int index = (int) (hash >>> (64 - PRECISION));
        // the rank of the first 1 bit in the rest of the hash; the bit set below bounds it to 64 - 14 + 1
        int rank = Long.numberOfLeadingZeros((hash << PRECISION) | (1L << (PRECISION - 1))) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** {@code into} becomes the sketch of both. */
    public static void merge(byte[] into, byte[] other) {
        for (int i = 0; i < REGISTERS; i++) {
            if (other[i] > into[i]) {
                into[i] = other[i];
            }
        }
    }

    public static long estimate(byte[] registers) {
        double sum = 0;
        int zeros = 0;
        for (byte register : registers) {
            sum += 1.0 / (1L << register);
            if (register == 0) {
                zeros++;
            }
        }
        double m = REGISTERS;
        double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
        if (raw <= 2.5 * m && zeros > 0) {
            return Math.round(m * Math.log(m / zeros)); // linear counting: exact enough while registers are empty
        }
        return Math.round(raw);
    }

    /**
     * 64 bits of a string: FNV-1a over its chars, then MurmurHash3's finaliser, which spreads every input bit
     * over the whole hash (HyperLogLog reads its top bits as an index and the rest as a rank).
     */
    static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
