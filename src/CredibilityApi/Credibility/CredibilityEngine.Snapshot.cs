using CredibilityApi.Verdicts;

namespace CredibilityApi.Credibility;

/// <summary>Every source's evidence and scores as of one version of the read model.</summary>
public sealed partial class CredibilityEngine
{
    /// <summary>A source's evidence summed: weight, weight · truth, and the claims it comes from.</summary>
    private struct Sums
    {
        public double Weight;
        public double WeightedTrue;
        public int Claims;
    }

    /// <summary>
    /// One contribution of a claim to a source's score; hundreds of thousands of them at a million
    /// claims, so 32 bytes each: the truth is not stored but follows from the rating (a denial
    /// takes 1 − t of the rating of what it denies).
    /// </summary>
    private readonly record struct Entry(
        long At, double Weight, int Claim, int Denies, int Source, Rating Rating, EvidenceRole Role, bool AnonymousSpeaker)
    {
        public double Truth => Denies == 0 ? TruthOf(Rating) : 1 - TruthOf(Rating);
    }

    private sealed class Score(double alpha, double beta, CredibilityStatus status, double weight, double weightedTrue, Prior prior)
    {
        public Prior Prior { get; } = prior;

        private CredibilityInterval? interval;

        public double Mean => BetaDistribution.Mean(alpha, beta);

        /// <summary>
        /// Quantiles are the costly part of a score and most sources are not asked for theirs
        /// between two writes, so each is found on first use (a race computes the same value twice).
        /// </summary>
        public CredibilityInterval Interval =>
            interval ??= new CredibilityInterval(BetaDistribution.Quantile(Tail, alpha, beta), BetaDistribution.Quantile(1 - Tail, alpha, beta));

        public CredibilityStatus Status { get; } = status;

        public double Weight { get; } = weight;

        public double WeightedTrue { get; } = weightedTrue;
    }

    /// <summary>
    /// Every source's evidence and score as of one version of the index and graph. Evidence is kept
    /// by unit (claim): a base from the last full computation, one array in unit order, and an
    /// overlay of the units changed since, each snapshot immutable once published. Sums and claim
    /// counts are arrays by source id; each score is built when first asked for.
    /// </summary>
    private sealed class Snapshot
    {
        private readonly CredibilityEngine engine;
        // Never changed once built; sized exactly by the computation.
        private readonly Entry[] entries;
        private readonly Dictionary<int, (int Start, int Count)> spans;
        // The units (claims) each source has evidence from in the base: unitStart[s] to unitStart[s + 1] in units.
        private readonly int[] unitStart;
        private readonly int[] units;
        private readonly Dictionary<int, Entry[]> overlay;
        private readonly PagedArray<Sums> sums;
        // Built for the sources asked about; shared with older snapshots for sources no change touched.
        private readonly PagedArray<Score?> scores;
        private readonly Score none;
        // Who belongs to whom, as of the computation (a source change always computes afresh); pooled records found on first use.
        private readonly Affiliations affiliations;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (double Weight, double WeightedTrue)> pools = new();

        private Snapshot(
            CredibilityEngine engine, long indexVersion, long graphVersion, DateTimeOffset at, Entry[] entries,
            Dictionary<int, (int Start, int Count)> spans, int[] unitStart, int[] units, Dictionary<int, Entry[]> overlay,
            PagedArray<Sums> sums, PagedArray<Score?> scores, Affiliations affiliations)
        {
            (this.engine, this.entries, this.spans, this.unitStart, this.units, this.overlay) = (engine, entries, spans, unitStart, units, overlay);
            (this.sums, this.scores, this.affiliations) = (sums, scores, affiliations);
            (IndexVersion, GraphVersion, At) = (indexVersion, graphVersion, at);
            none = engine.Summarize(engine.BasePrior, 0, 0);
        }

        public static Snapshot Create(
            CredibilityEngine engine, long indexVersion, long graphVersion, DateTimeOffset at, int sources, Entry[] entries,
            Dictionary<int, (int Start, int Count)> spans, Affiliations affiliations)
        {
            // Each source's units, counted then filled (a source is on a denial's unit once per claim it denies: one unit).
            var unitStart = new int[sources + 1];
            ForEachSourceOfUnit(entries, spans, (source, _) => unitStart[source + 1]++);
            for (var s = 1; s <= sources; s++)
            {
                unitStart[s] += unitStart[s - 1];
            }
            var units = new int[unitStart[sources]];
            var next = unitStart[..^1];
            ForEachSourceOfUnit(entries, spans, (source, unit) => units[next[source]++] = unit);

            var snapshot = new Snapshot(engine, indexVersion, graphVersion, at, entries, spans, unitStart, units, [],
                new PagedArray<Sums>(sources), new PagedArray<Score?>(sources), affiliations);
            foreach (var (_, span) in spans)
            {
                snapshot.Add(entries.AsSpan(span.Start, span.Count), 1);
            }
            return snapshot;
        }

        public long IndexVersion { get; }

        public long GraphVersion { get; }

        public DateTimeOffset At { get; }

        public int SourceLimit => sums.Length;

        /// <summary>How many claims give evidence (rated claims, and unrated denials of them) in the base.</summary>
        public int Units => spans.Count;

        /// <summary>
        /// A new snapshot with the evidence of <paramref name="changed"/> units taken anew; null when the
        /// overlay has grown large enough that a full computation is due.
        /// </summary>
        public Snapshot? With(long indexVersion, IReadOnlyCollection<int> changed, Evidence evidence)
        {
            if (overlay.Count + changed.Count > MaxOverlay)
            {
                return null;
            }
            // A score built before may rest on a pooled record this change moves: with affiliations, none is shared.
            var next = new Snapshot(engine, indexVersion, GraphVersion, At, entries, spans, unitStart, units, new Dictionary<int, Entry[]>(overlay),
                sums.Fork(), affiliations.Any ? new PagedArray<Score?>(sums.Length) : scores.Fork(), affiliations);
            var fresh = new List<Entry>();
            foreach (var unit in changed)
            {
                next.Add(Unit(unit), -1);
                fresh.Clear();
                evidence.Of(unit, fresh);
                next.overlay[unit] = [.. fresh];
                next.Add(next.overlay[unit], 1);
            }
            return next;
        }

        /// <summary>Every source with any evidence.</summary>
        public IEnumerable<long> Sources()
        {
            for (var s = 0; s < sums.Length; s++)
            {
                if (sums[s].Claims > 0)
                {
                    yield return s;
                }
            }
        }

        public double Decay(long reviewedAt) => engine.Decay(reviewedAt, At);

        /// <summary>A source's contributions: from its units in the base, unless changed since, and from the changed units.</summary>
        public List<Entry> Entries(long source)
        {
            var found = new List<Entry>();
            if (source < 0 || source >= sums.Length)
            {
                return found;
            }
            for (var i = unitStart[source]; i < unitStart[source + 1]; i++)
            {
                if (!overlay.ContainsKey(units[i]))
                {
                    var span = spans[units[i]];
                    Collect(entries.AsSpan(span.Start, span.Count), source, found);
                }
            }
            foreach (var unitEntries in overlay.Values)
            {
                Collect(unitEntries, source, found);
            }
            return found;
        }

        /// <summary>A source's posterior mean and evidence weight, or null without evidence.</summary>
        public (double Mean, double Weight)? Evidence(int source)
        {
            if (source < 0 || source >= sums.Length || sums[source].Claims == 0)
            {
                return null;
            }
            var (alpha, beta) = Posterior(PriorOf(source), sums[source].Weight, sums[source].WeightedTrue);
            return (BetaDistribution.Mean(alpha, beta), sums[source].Weight);
        }

        /// <summary>How many distinct claims a source's evidence comes from.</summary>
        public int ClaimCount(long source) => source >= 0 && source < sums.Length ? sums[(int)source].Claims : 0;

        public Score Score(long source)
        {
            if (source < 0 || source >= sums.Length)
            {
                return none;
            }
            var s = (int)source;
            return scores[s] ?? (scores.Shared(s) = engine.Summarize(PriorOf(s), sums[s].Weight, sums[s].WeightedTrue));
        }

        /// <summary>A source's affiliation, 0 for none.</summary>
        public int AffiliationOf(long source) => affiliations.Of(source);

        /// <summary>
        /// The prior a source's score starts from: the configured Beta(α₀, β₀), or with an affiliation
        /// Beta(m·K, (1 − m)·K) where K is the affiliation prior strength and m the mean of the
        /// affiliation's pooled record (its own evidence and its direct members', the source's own left
        /// out) under the affiliation's own prior, so chains nest.
        /// </summary>
        public Prior PriorOf(long source) => PriorOf(source, 0);

        private Prior PriorOf(long source, int depth)
        {
            var affiliation = affiliations.Of(source);
            if (affiliation == 0 || depth >= Affiliations.MaxDepth)
            {
                return engine.BasePrior;
            }
            var pool = Pool(affiliation);
            var own = source < sums.Length ? sums[(int)source] : default;
            var (weight, weightedTrue) = (Math.Max(0, pool.Weight - own.Weight), Math.Max(0, pool.WeightedTrue - own.WeightedTrue));
            var above = PriorOf(affiliation, depth + 1);
            var mean = (above.Alpha + weightedTrue) / (above.Alpha + above.Beta + weight);
            var strength = engine.AffiliationStrength;
            return new Prior(mean * strength, (1 - mean) * strength, affiliation, weight, weightedTrue);
        }

        /// <summary>An affiliation's pooled record scored under the affiliation's own prior (what rankings by affiliation show).</summary>
        public Score PoolScore(int affiliation)
        {
            var (weight, weightedTrue) = Pool(affiliation);
            return engine.Summarize(PriorOf(affiliation), weight, weightedTrue);
        }

        /// <summary>An affiliation's pooled record: its own summed evidence and its direct members'.</summary>
        private (double Weight, double WeightedTrue) Pool(int affiliation) => pools.GetOrAdd(affiliation, a =>
        {
            var (weight, weightedTrue) = a < sums.Length ? (sums[a].Weight, sums[a].WeightedTrue) : (0, 0);
            foreach (var member in affiliations.MembersOf(a))
            {
                if (member < sums.Length)
                {
                    (weight, weightedTrue) = (weight + sums[member].Weight, weightedTrue + sums[member].WeightedTrue);
                }
            }
            return (weight, weightedTrue);
        });

        private ReadOnlySpan<Entry> Unit(int unit) =>
            overlay.TryGetValue(unit, out var changed) ? changed
            : spans.TryGetValue(unit, out var span) ? entries.AsSpan(span.Start, span.Count)
            : [];

        /// <summary>Adds (sign 1) or takes out (sign −1) one unit's contributions; a unit is one claim to each source on it.</summary>
        private void Add(ReadOnlySpan<Entry> unit, int sign)
        {
            for (var i = 0; i < unit.Length; i++)
            {
                var e = unit[i];
                var w = e.Weight * Decay(e.At);
                ref var sum = ref sums.At(e.Source);
                sum.Weight += sign * w;
                sum.WeightedTrue += sign * w * e.Truth;
                scores.At(e.Source) = null;
                // A denial of several claims gives a source one entry per claim it denies: still one claim.
                if (!Before(unit, i, e.Source))
                {
                    sum.Claims += sign;
                }
            }
            foreach (var e in unit)
            {
                ref var sum = ref sums.At(e.Source);
                if (sum.Claims == 0)
                {
                    // Nothing left: no rounding residue either.
                    (sum.Weight, sum.WeightedTrue) = (0, 0);
                }
            }
        }

        /// <summary>Calls <paramref name="visit"/> once for each (source, unit) pair, in unit order.</summary>
        private static void ForEachSourceOfUnit(Entry[] entries, Dictionary<int, (int Start, int Count)> spans, Action<int, int> visit)
        {
            foreach (var (unit, span) in spans)
            {
                var slice = entries.AsSpan(span.Start, span.Count);
                for (var i = 0; i < slice.Length; i++)
                {
                    if (!Before(slice, i, slice[i].Source))
                    {
                        visit(slice[i].Source, unit);
                    }
                }
            }
        }

        private static bool Before(ReadOnlySpan<Entry> unit, int i, int source)
        {
            for (var j = 0; j < i; j++)
            {
                if (unit[j].Source == source)
                {
                    return true;
                }
            }
            return false;
        }

        private static void Collect(ReadOnlySpan<Entry> unit, long source, List<Entry> into)
        {
            foreach (var e in unit)
            {
                if (e.Source == source)
                {
                    into.Add(e);
                }
            }
        }
    }
}
