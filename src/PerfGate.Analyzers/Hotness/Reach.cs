using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace PerfGate.Analyzers
{
    /// <summary>How code is reached, as a rule sees it after its own view of admin-only handlers.</summary>
    internal enum ReachKind
    {
        /// <summary>Nothing places it: no caller in the compilation (public API, framework callbacks) or a callback registered for later.</summary>
        Unknown,

        /// <summary>From a request handler (controller action, minimal API, Razor page, hub, gRPC, middleware, component).</summary>
        Request,

        /// <summary>From a recurring job or message handler (hosted service, Hangfire recurring job, Quartz, consumers, timers).</summary>
        Job,

        /// <summary>Only from run-once code: startup and registration, migrations, seeding, installers, one-off jobs.</summary>
        Cold,

        /// <summary>Only from test code.</summary>
        Test,
    }

    /// <summary>What kind of entry a path starts at; the order is the order of precedence when several reach a method.</summary>
    internal enum EntryClass
    {
        Request = 0,
        AdminRequest = 1,
        Job = 2,
        Unknown = 3,
        Cold = 4,
        Test = 5,
    }

    /// <summary>Where a path into the code starts: its class and how a message names it ("GET /api/pages", "startup Program.Main").</summary>
    internal sealed class EntryPoint
    {
        public EntryPoint(EntryClass @class, string display, IMethodSymbol? enqueuer = null)
        {
            Class = @class;
            Display = display;
            Enqueuer = enqueuer;
        }

        public EntryClass Class { get; }

        public string Display { get; }

        /// <summary>
        /// For a one-off job (<c>BackgroundJob.Enqueue</c>): the method that enqueues it. The job runs once each time that method
        /// runs: once per admin action or opt-in (cold), but on every run of a recurring job that enqueues it (a job).
        /// </summary>
        public IMethodSymbol? Enqueuer { get; }
    }

    /// <summary>One path into a method: its entry, then the methods called from there down to the method itself.</summary>
    internal sealed class ReachPath
    {
        public ReachPath(EntryPoint entry, ImmutableArray<string> via)
        {
            Entry = entry;
            Via = via;
        }

        public EntryPoint Entry { get; }

        /// <summary>The methods after the entry, in call order, ending at the method asked about (empty when it is the entry).</summary>
        public ImmutableArray<string> Via { get; }
    }

    /// <summary>
    /// The answer of <see cref="HotnessModel"/> for one method: the shortest path from each class of entry that reaches it.
    /// A rule reads it through <see cref="KindFor"/> and <see cref="Describe"/>, which apply its view of admin-only handlers.
    /// </summary>
    internal sealed class Reach
    {
        private const int ShownHops = 3;

        private readonly ImmutableArray<ReachPath?> _paths;

        public Reach(ImmutableArray<ReachPath?> paths) => _paths = paths;

        /// <summary>The answer when nothing places the code.</summary>
        public static Reach UnknownReach { get; } = new Reach(ImmutableArray.Create<ReachPath?>(null, null, null,
            new ReachPath(new EntryPoint(EntryClass.Unknown, "unknown"), ImmutableArray<string>.Empty), null, null));

        public ReachPath? PathFrom(EntryClass entry) => _paths[(int)entry];

        /// <summary>
        /// The reach that decides: a request path beats a job path beats an unknown one beats cold and test code.
        /// <paramref name="adminRequestsAreCold"/>: for hot-read and throughput rules, handlers only admins or hosts can call
        /// count as cold.
        /// </summary>
        public ReachKind KindFor(bool adminRequestsAreCold) => Deciding(adminRequestsAreCold, out _);

        /// <summary>The message part that names the path: "reached from GET /api/pages via PageService.GetAllAsync", "reach unknown".</summary>
        public string Describe(bool adminRequestsAreCold)
        {
            ReachKind kind = Deciding(adminRequestsAreCold, out ReachPath? path);
            if (path == null || kind == ReachKind.Unknown) return "reach unknown";
            var text = new StringBuilder();
            switch (kind)
            {
                case ReachKind.Cold:
                    text.Append("cold: reached only from ");
                    break;
                case ReachKind.Test:
                    text.Append("test code: reached only from ");
                    break;
                default:
                    text.Append("reached from ");
                    break;
            }

            text.Append(path.Entry.Display);
            if (path.Entry.Class == EntryClass.AdminRequest) text.Append(" (admin only)");
            if (path.Via.Length > 0) text.Append(" via ").Append(Hops(path.Via));
            return text.ToString();
        }

        private ReachKind Deciding(bool adminRequestsAreCold, out ReachPath? path)
        {
            if ((path = PathFrom(EntryClass.Request)) != null) return ReachKind.Request;
            if (!adminRequestsAreCold && (path = PathFrom(EntryClass.AdminRequest)) != null) return ReachKind.Request;
            if ((path = PathFrom(EntryClass.Job)) != null) return ReachKind.Job;
            if ((path = PathFrom(EntryClass.Unknown)) != null) return ReachKind.Unknown;
            if (adminRequestsAreCold && (path = PathFrom(EntryClass.AdminRequest)) != null) return ReachKind.Cold;
            if ((path = PathFrom(EntryClass.Cold)) != null) return ReachKind.Cold;
            if ((path = PathFrom(EntryClass.Test)) != null) return ReachKind.Test;
            return ReachKind.Unknown;
        }

        /// <summary>"A.B → C.D", or the first hops, an ellipsis and the last one for long chains.</summary>
        private static string Hops(ImmutableArray<string> via)
        {
            if (via.Length <= ShownHops) return string.Join(ReferencedIoSummaries.Separator, via);
            return string.Join(ReferencedIoSummaries.Separator, via[0], via[1], "\u2026", via[via.Length - 1])
                + " (" + via.Length + " calls)";
        }
    }
}
