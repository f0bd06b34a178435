package org.vae4j.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The finiteness check's word loop on the Vector API against the scalar loop. */
class HostArraysTest {

    @Test
    void theVectorApiExponentTestEqualsTheScalarLoop() {
        assertTrue(HostArrays.VECTOR_API, "the tests' java command line adds jdk.incubator.vector (the parent pom)");
        SplittableRandom r = new SplittableRandom(11);
        int withNonFinite = 0;
        for (int longs = 0; longs <= 70; longs++) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(8 * longs + 8).order(ByteOrder.nativeOrder());
            for (int i = 0; i < longs; i++) {
                // finite floats mostly; now and then a word whose exponent field is all ones
                long word = Double.doubleToRawLongBits(r.nextGaussian());
                bytes.putLong(8 * i, r.nextInt(40) == 0 ? word | 0x7ff0000000000000L : word);
            }
            bytes.putLong(8 * longs, -1L); // beyond the words tested: must not count
            for (long[] fields : new long[][] {{0x7f8000007f800000L, 0x0080000000800000L},
                    {0x7ff0000000000000L, 0x0010000000000000L}}) {
                long vector = HostArrays.exponentCarries(bytes, longs, fields[0], fields[1], true);
                long scalar = HostArrays.exponentCarries(bytes, longs, fields[0], fields[1], false);
                assertEquals(scalar, vector, longs + " words");
                withNonFinite += scalar != 0 && (scalar & 0x8000000000000000L) != 0 ? 1 : 0;
            }
        }
        assertTrue(withNonFinite > 10, "some lengths must hold a non-finite double: " + withNonFinite);
    }
}
