using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Inference;

/// <summary>
/// exp, ln, sin and cos written with nothing but IEEE-754 +, −, ×, ÷ (never fused), exact rounding to an integer and
/// exact power-of-two scaling. <see cref="Math.Exp(double)"/> and friends call the platform's C library, whose last-bit
/// results differ between glibc, musl, the Windows CRT and Apple's libm; these give the same bits everywhere.
/// Accuracy is a few units in the last place of a double, far below the float precision the runtime rounds to.
/// </summary>
internal static class DeterministicMath
{
    // ln 2 split so that k * Ln2High is exact for |k| < 2^20.
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;
    private const double Log2E = 1.44269504088896338700e+00;

    // π/2 split so that k * HalfPiHigh is exact for |k| < 2^20.
    private const double HalfPiHigh = 1.57079632673412561417e+00;
    private const double HalfPiLow = 6.07710050650619224932e-11;
    private const double TwoOverPi = 6.36619772367581382433e-01;

    public static double Exp(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x > 709.782712893384)
        {
            return double.PositiveInfinity;
        }

        if (x < -745.1332191019412)
        {
            return 0.0;
        }

        var k = Math.Round(x * Log2E);
        var r = (x - (k * Ln2High)) - (k * Ln2Low);

        // Taylor series of e^r for |r| <= 0.35: the first omitted term is below 1e-17.
        var sum = 1.0;
        var term = 1.0;
        for (var n = 1; n <= 14; n++)
        {
            term = term * r / n;
            sum += term;
        }

        return Math.ScaleB(sum, (int)k);
    }

    /// <summary>
    /// <see cref="Exp(double)"/> of every element, four at a time where the processor has 256-bit vectors: the same
    /// operations in the same order on each lane (so the same bits), for arguments within ±708 (where 2^k and the result
    /// are normal doubles); other groups of four go through the scalar function.
    /// </summary>
    public static void Exp(ReadOnlySpan<double> arguments, Span<double> results)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var source = ref MemoryMarshal.GetReference(arguments);
            ref var destination = ref MemoryMarshal.GetReference(results);
            var limit = Vector256.Create(708.0);

            // Four vectors at a time: each lane's series is one long chain of dependent multiplications and divisions,
            // so independent vectors side by side keep the divider busy.
            for (; i + 16 <= arguments.Length; i += 16)
            {
                var x0 = Vector256.LoadUnsafe(ref source, (nuint)i);
                var x1 = Vector256.LoadUnsafe(ref source, (nuint)(i + 4));
                var x2 = Vector256.LoadUnsafe(ref source, (nuint)(i + 8));
                var x3 = Vector256.LoadUnsafe(ref source, (nuint)(i + 12));
                var inRange = Vector256.LessThanOrEqualAll(Vector256.Abs(x0), limit) & Vector256.LessThanOrEqualAll(Vector256.Abs(x1), limit)
                    & Vector256.LessThanOrEqualAll(Vector256.Abs(x2), limit) & Vector256.LessThanOrEqualAll(Vector256.Abs(x3), limit);
                if (!inRange)
                {
                    break;
                }

                ExpVector4(ref x0, ref x1, ref x2, ref x3);
                x0.StoreUnsafe(ref destination, (nuint)i);
                x1.StoreUnsafe(ref destination, (nuint)(i + 4));
                x2.StoreUnsafe(ref destination, (nuint)(i + 8));
                x3.StoreUnsafe(ref destination, (nuint)(i + 12));
            }

            for (; i + 4 <= arguments.Length; i += 4)
            {
                var x = Vector256.LoadUnsafe(ref source, (nuint)i);
                if (Vector256.LessThanOrEqualAll(Vector256.Abs(x), limit))
                {
                    ExpVector(x).StoreUnsafe(ref destination, (nuint)i);
                    continue;
                }

                for (var j = i; j < i + 4; j++)
                {
                    results[j] = Exp(arguments[j]);
                }
            }
        }

        for (; i < arguments.Length; i++)
        {
            results[i] = Exp(arguments[i]);
        }
    }

    private static Vector256<double> ExpVector(Vector256<double> x)
    {
        var k = Vector256.Round(x * Log2E);
        var r = (x - (k * Ln2High)) - (k * Ln2Low);
        var sum = Vector256<double>.One;
        var term = Vector256<double>.One;
        for (var n = 1; n <= 14; n++)
        {
            term = term * r / Vector256.Create((double)n);
            sum += term;
        }

        return sum * PowerOfTwo(k);
    }

    private static void ExpVector4(ref Vector256<double> x0, ref Vector256<double> x1, ref Vector256<double> x2, ref Vector256<double> x3)
    {
        var k0 = Vector256.Round(x0 * Log2E);
        var k1 = Vector256.Round(x1 * Log2E);
        var k2 = Vector256.Round(x2 * Log2E);
        var k3 = Vector256.Round(x3 * Log2E);
        var r0 = (x0 - (k0 * Ln2High)) - (k0 * Ln2Low);
        var r1 = (x1 - (k1 * Ln2High)) - (k1 * Ln2Low);
        var r2 = (x2 - (k2 * Ln2High)) - (k2 * Ln2Low);
        var r3 = (x3 - (k3 * Ln2High)) - (k3 * Ln2Low);
        Vector256<double> sum0 = Vector256<double>.One, sum1 = sum0, sum2 = sum0, sum3 = sum0;
        Vector256<double> term0 = sum0, term1 = sum0, term2 = sum0, term3 = sum0;
        for (var n = 1; n <= 14; n++)
        {
            term0 *= r0;
            term1 *= r1;
            term2 *= r2;
            term3 *= r3;
            if (n is 2 or 4 or 8)
            {
                // Dividing by a power of two and multiplying by its exact reciprocal round the same real number.
                var reciprocal = Vector256.Create(1.0 / n);
                term0 *= reciprocal;
                term1 *= reciprocal;
                term2 *= reciprocal;
                term3 *= reciprocal;
            }
            else if (n != 1)
            {
                var divisor = Vector256.Create((double)n);
                term0 /= divisor;
                term1 /= divisor;
                term2 /= divisor;
                term3 /= divisor;
            }

            sum0 += term0;
            sum1 += term1;
            sum2 += term2;
            sum3 += term3;
        }

        x0 = sum0 * PowerOfTwo(k0);
        x1 = sum1 * PowerOfTwo(k1);
        x2 = sum2 * PowerOfTwo(k2);
        x3 = sum3 * PowerOfTwo(k3);
    }

    /// <summary>2^k for integer-valued k in the normal range, built in the exponent field.</summary>
    private static Vector256<double> PowerOfTwo(Vector256<double> k)
    {
        const double RoundingShift = 6755399441055744.0; // 1.5 × 2^52: adding it leaves an integer-valued k in the low mantissa bits
        var exponent = (k + Vector256.Create(RoundingShift)).AsInt64() - Vector256.Create(RoundingShift).AsInt64();
        return ((exponent + Vector256.Create(1023L)) << 52).AsDouble();
    }

    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0)
        {
            return double.NaN;
        }

        if (x == 0)
        {
            return double.NegativeInfinity;
        }

        if (double.IsPositiveInfinity(x))
        {
            return x;
        }

        var exponent = Math.ILogB(x);
        var mantissa = Math.ScaleB(x, -exponent); // in [1, 2)
        if (mantissa > 1.4142135623730951)
        {
            mantissa *= 0.5;
            exponent++;
        }

        // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| <= 0.1716; the series below is exact to ~1e-19.
        var s = (mantissa - 1.0) / (mantissa + 1.0);
        var s2 = s * s;
        var power = s;
        var series = 0.0;
        for (var n = 1; n <= 27; n += 2)
        {
            series += power / n;
            power *= s2;
        }

        return (exponent * Ln2High) + ((exponent * Ln2Low) + (2.0 * series));
    }

    public static double Sin(double x)
    {
        var (quadrant, r) = ReduceByHalfPi(x);
        return quadrant switch
        {
            0 => SinKernel(r),
            1 => CosKernel(r),
            2 => -SinKernel(r),
            _ => -CosKernel(r),
        };
    }

    public static double Cos(double x)
    {
        var (quadrant, r) = ReduceByHalfPi(x);
        return quadrant switch
        {
            0 => CosKernel(r),
            1 => -SinKernel(r),
            2 => -CosKernel(r),
            _ => SinKernel(r),
        };
    }

    private static (int Quadrant, double Reduced) ReduceByHalfPi(double x)
    {
        if (!double.IsFinite(x) || Math.Abs(x) > 1e6)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Angles beyond ±1e6 radians are not supported.");
        }

        var k = Math.Round(x * TwoOverPi);
        var r = (x - (k * HalfPiHigh)) - (k * HalfPiLow);
        var quadrant = (int)(((long)k % 4 + 4) % 4);
        return (quadrant, r);
    }

    // Taylor series for |r| <= π/4 + ε; the first omitted term is below 1e-18.
    private static double SinKernel(double r)
    {
        var r2 = r * r;
        var term = r;
        var sum = r;
        for (var n = 2; n <= 20; n += 2)
        {
            term = -term * r2 / (n * (n + 1));
            sum += term;
        }

        return sum;
    }

    private static double CosKernel(double r)
    {
        var r2 = r * r;
        var term = 1.0;
        var sum = 1.0;
        for (var n = 1; n <= 20; n += 2)
        {
            term = -term * r2 / (n * (n + 1));
            sum += term;
        }

        return sum;
    }
}
