using System;
using System.Globalization;

namespace PerfGate.Core.Budgets;

/// <summary>Number formatting shared by messages and reports; invariant culture, so output is the same everywhere.</summary>
public static class Figures
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Nanoseconds in the largest unit that keeps the number at or above 1: "12.4 ms", "850 ns".</summary>
    public static string Time(double nanoseconds)
    {
        double abs = Math.Abs(nanoseconds);
        if (abs >= 1e9) return Number(nanoseconds / 1e9) + " s";
        if (abs >= 1e6) return Number(nanoseconds / 1e6) + " ms";
        if (abs >= 1e3) return Number(nanoseconds / 1e3) + " μs";
        return Number(nanoseconds) + " ns";
    }

    public static string Bytes(double bytes) => bytes.ToString("#,0", Invariant) + " B";

    /// <summary>A relative change: "+12 %", "−21 %" (a true minus sign), "±0 %".</summary>
    public static string Change(double fraction)
    {
        double percent = fraction * 100;
        string digits = Math.Abs(percent) >= 10 ? "0" : "0.#";
        string magnitude = Math.Abs(percent).ToString(digits, Invariant);
        if (magnitude == "0") return "±0 %";
        return (percent > 0 ? "+" : "\u2212") + magnitude + " %";
    }

    public static string Percent(double fraction) => (fraction * 100).ToString("0.##", Invariant) + " %";

    /// <summary>Up to two decimals, for figures compared with a written limit (215.95 ms, 301.4 ms).</summary>
    public static string Precise(double value) => value.ToString("0.##", Invariant);

    public static string Number(double value) => Math.Abs(value) >= 100
        ? value.ToString("0", Invariant)
        : value.ToString(Math.Abs(value) >= 10 ? "0.#" : "0.##", Invariant);
}
