namespace PerfGate.Analyzers
{
    /// <summary>
    /// What a source method or property getter of query type gives its callers, over every implementation a call may
    /// reach: a generic repository's <c>Query()</c>/<c>Table</c>/<c>GetAll()</c> returning the context's <c>DbSet&lt;T&gt;</c>
    /// typed as <c>IQueryable&lt;T&gt;</c>, a query helper (<c>GetPublished() =&gt; db.Products.Where(...)</c>), or a helper that
    /// composes the query it was given (<c>ApplySort(options, query)</c>).
    /// </summary>
    internal sealed class ReturnedQuery
    {
        public static readonly ReturnedQuery Unknown = new ReturnedQuery(QueryProvenance.Ambiguous, isWholeDbSet: false, passedThroughParameter: -1);

        public static readonly ReturnedQuery NotAQuery = new ReturnedQuery(QueryProvenance.None, isWholeDbSet: false, passedThroughParameter: -1);

        public static readonly ReturnedQuery WholeDbSet = new ReturnedQuery(QueryProvenance.Proven, isWholeDbSet: true, passedThroughParameter: -1);

        public static readonly ReturnedQuery ComposedQuery = new ReturnedQuery(QueryProvenance.Proven, isWholeDbSet: false, passedThroughParameter: -1);

        public ReturnedQuery(QueryProvenance provenance, bool isWholeDbSet, int passedThroughParameter)
        {
            Provenance = provenance;
            IsWholeDbSet = isWholeDbSet;
            PassedThroughParameter = passedThroughParameter;
        }

        /// <summary>Proven when every implementation returns a proven EF Core query; ambiguous when any is unknown.</summary>
        public QueryProvenance Provenance { get; }

        /// <summary>
        /// Every implementation returns the context's <c>DbSet&lt;T&gt;</c> (or <c>Set&lt;T&gt;()</c>) itself, with no operator but
        /// <c>AsQueryable</c>: a caller's chain on it has the shape of one written on the DbSet.
        /// </summary>
        public bool IsWholeDbSet { get; }

        /// <summary>The parameter whose query every implementation returns (composed further), or -1.</summary>
        public int PassedThroughParameter { get; }

        public static ReturnedQuery PassThrough(int ordinal) => new ReturnedQuery(QueryProvenance.Proven, isWholeDbSet: false, ordinal);

        /// <summary>Both values, as one caller sees a call that may reach either: proven only when both are.</summary>
        public static ReturnedQuery Join(ReturnedQuery? left, ReturnedQuery right)
        {
            if (left == null) return right;
            if (left.Provenance == QueryProvenance.Ambiguous || right.Provenance == QueryProvenance.Ambiguous) return Unknown;
            if (left.Provenance == QueryProvenance.None || right.Provenance == QueryProvenance.None)
                return left.Provenance == right.Provenance ? NotAQuery : Unknown;
            if (left.PassedThroughParameter != right.PassedThroughParameter) return Unknown;
            if (left.PassedThroughParameter >= 0) return left;
            return left.IsWholeDbSet && right.IsWholeDbSet ? WholeDbSet : ComposedQuery;
        }

        /// <summary>The recorded form for referenced projects: <c>whole</c>, <c>composed</c>, <c>param:N</c>.</summary>
        public string? Format() =>
            Provenance != QueryProvenance.Proven ? null
            : PassedThroughParameter >= 0 ? "param:" + PassedThroughParameter.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : IsWholeDbSet ? "whole" : "composed";

        public static ReturnedQuery Parse(string text)
        {
            if (text == "whole") return WholeDbSet;
            if (text == "composed") return ComposedQuery;
            if (text.StartsWith("param:", System.StringComparison.Ordinal)
                && int.TryParse(text.Substring(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int ordinal))
                return PassThrough(ordinal);
            return Unknown;
        }
    }
}
