using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace CredibilityApi.Data;

/// <summary>
/// A bulk writer's rows on PostgreSQL, sent with binary COPY instead of one INSERT each (the NDJSON
/// import and the corpus generator). The writer's INSERT statements are read for their table and
/// columns; each run holds its row back, with an id taken from the table's identity sequence in
/// blocks (one round trip per block), so the writer still gets every new row's id at once. At the
/// end of the batch the rows go out table by table, referenced tables first, one COPY each, inside
/// the writer's transaction: the feed's statement triggers fire once per table.
/// </summary>
internal sealed partial class PostgresCopyStatements(NpgsqlConnection connection) : RowStatements
{
    /// <summary>The order the tables are copied in: every table after the ones it references.</summary>
    private static readonly string[] TableOrder =
    [
        "sources", "source_aliases", "articles", "citations", "claims", "claim_via", "claim_topics", "relations", "verdicts",
        "claims_fts", "articles_fts",
    ];

    private const int FirstBlock = 64;
    private const int LargestBlock = 8_192;

    private readonly Dictionary<string, Table> tables = new(StringComparer.Ordinal);

    protected override RowStatement Create(string sql, bool returnsId)
    {
        var insert = Insert().Match(sql);
        if (!insert.Success)
        {
            throw new NotSupportedException("A bulk writer on PostgreSQL only inserts rows: " + sql);
        }
        var name = insert.Groups["table"].Value;
        var columns = insert.Groups["columns"].Value.Split(',', StringSplitOptions.TrimEntries);
        var values = insert.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries)
            .Select(v => int.Parse(v.TrimStart('?'), CultureInfo.InvariantCulture)).ToArray();
        if (!tables.TryGetValue(name, out var table))
        {
            table = new Table(name, connection);
            tables[name] = table;
        }
        return new Statement(table, returnsId ? ["id", .. columns] : columns, values);
    }

    public override void Flush()
    {
        foreach (var name in TableOrder.Concat(tables.Keys.Except(TableOrder)))
        {
            if (tables.TryGetValue(name, out var table))
            {
                table.Copy();
                table.GiveBackUnused();
            }
        }
    }

    [GeneratedRegex(@"^\s*INSERT INTO (?<table>\w+) \((?<columns>[^)]*)\)\s*VALUES \((?<values>[^)]*)\)\s*$", RegexOptions.Singleline)]
    private static partial Regex Insert();

    /// <summary>One table's held-back rows, grouped by the column list they were written with.</summary>
    private sealed class Table(string name, NpgsqlConnection connection)
    {
        private readonly Dictionary<string, (string[] Columns, List<object?[]> Rows)> shapes = new(StringComparer.Ordinal);
        private readonly Queue<long> ids = new();
        private int block = FirstBlock;
        private long blockEnd;
        private long lastUsed;
        private string? sequence;

        /// <summary>The table's identity sequence, looked up on first use.</summary>
        private string Sequence()
        {
            if (sequence is null)
            {
                using var command = new NpgsqlCommand($"SELECT pg_get_serial_sequence('{name}', 'id')", connection);
                sequence = (string)command.ExecuteScalar()!;
            }
            return sequence;
        }

        public void Add(string[] columns, object?[] row)
        {
            var key = string.Join(',', columns);
            if (!shapes.TryGetValue(key, out var shape))
            {
                shape = (columns, []);
                shapes[key] = shape;
            }
            shape.Rows.Add(row);
        }

        public long NextId()
        {
            if (ids.Count == 0)
            {
                using var command = new NpgsqlCommand(
                    $"SELECT nextval('{Sequence()}') FROM generate_series(1, {block})", connection);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    blockEnd = reader.GetInt64(0);
                    ids.Enqueue(blockEnd);
                }
                block = Math.Min(block * 2, LargestBlock);
            }
            lastUsed = ids.Dequeue();
            return lastUsed;
        }

        /// <summary>
        /// Gives back the ids taken but not used, so ids stay dense as on SQLite: the sequence is set
        /// back to the last id used, unless another session has taken one meanwhile (a writer outside
        /// the service; those in it wait on the feed lock), in which case the gap stays.
        /// </summary>
        public void GiveBackUnused()
        {
            if (ids.Count == 0)
            {
                return;
            }
            using var command = new NpgsqlCommand(
                $"SELECT setval('{Sequence()}', @lastUsed) FROM {Sequence()} WHERE last_value = @blockEnd", connection);
            command.Parameters.AddWithValue("lastUsed", lastUsed);
            command.Parameters.AddWithValue("blockEnd", blockEnd);
            command.ExecuteNonQuery();
            ids.Clear();
        }

        public void Copy()
        {
            foreach (var (columns, rows) in shapes.Values)
            {
                if (rows.Count == 0)
                {
                    continue;
                }
                using (var import = connection.BeginBinaryImport($"COPY {name} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var row in rows)
                    {
                        import.StartRow();
                        foreach (var value in row)
                        {
                            switch (value)
                            {
                                case null:
                                    import.WriteNull();
                                    break;
                                case string text:
                                    import.Write(text, NpgsqlDbType.Text);
                                    break;
                                case long integer:
                                    import.Write(integer, NpgsqlDbType.Bigint);
                                    break;
                                case double real:
                                    import.Write(real, NpgsqlDbType.Double);
                                    break;
                                default:
                                    throw new InvalidOperationException($"No COPY type for {value.GetType().Name}.");
                            }
                        }
                    }
                    import.Complete();
                }
                rows.Clear();
            }
        }
    }

    /// <summary>One INSERT of the writer: its parameters are set, then its row is held back (with a new id when asked).</summary>
    private sealed class Statement(Table table, string[] columns, int[] values) : RowStatement
    {
        private readonly object?[] parameters = new object?[values.Max() + 1];

        public override void Text(int index, string? value) => parameters[index] = value;

        public override void Integer(int index, long? value) => parameters[index] = value;

        public override void Real(int index, double? value) => parameters[index] = value;

        public override void Run() => Hold(id: null);

        public override long RunReturningId()
        {
            var id = table.NextId();
            Hold(id);
            return id;
        }

        private void Hold(long? id)
        {
            var row = new object?[columns.Length];
            var at = 0;
            if (id is { } given)
            {
                row[at++] = given;
            }
            foreach (var index in values)
            {
                row[at++] = parameters[index];
            }
            table.Add(columns, row);
            Array.Clear(parameters);
        }

        public override void Dispose()
        {
        }
    }
}
