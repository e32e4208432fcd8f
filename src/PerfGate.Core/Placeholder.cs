namespace PerfGate.Core; internal static class Placeholder {}
