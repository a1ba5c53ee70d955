using MongoDB.Bson;

namespace Latch.LambdaTests.Support;

/// <summary>
/// Answers for <see cref="Latch.IntegrationTests.Support.FakeMongoServer"/> that keep documents, so the real host can
/// run the accounts flow on its MongoDB store with no MongoDB at hand: insert, find (sort, limit, projection),
/// update, delete and findAndModify with equality, <c>$ne</c>, <c>$gt</c> and <c>$lt</c> filters, <c>$set</c> and
/// <c>$inc</c> updates, upserts, the unique email of <c>users</c>, and the pipeline update of the back-off's
/// reservation (<c>$set</c> stages over <c>$cond</c>, <c>$or</c>, comparisons and arithmetic). Not a database: only
/// what the adapter's statements use, evaluated naively.
/// </summary>
internal sealed class FakeMongoDocuments
{
    private readonly Dictionary<string, List<BsonDocument>> _collections = [];

    public BsonDocument? Answer(BsonDocument command)
    {
        lock (_collections)
        {
            return command.GetElement(0).Name switch
            {
                "insert" => Insert(command),
                "find" => Find(command),
                "update" => Update(command),
                "delete" => Delete(command),
                "findAndModify" => FindAndModify(command),
                _ => null,
            };
        }
    }

    private List<BsonDocument> Collection(BsonDocument command)
    {
        var name = command[0].AsString;
        return _collections.TryGetValue(name, out var documents) ? documents : _collections[name] = [];
    }

    private BsonDocument Insert(BsonDocument command)
    {
        var documents = Collection(command);
        var inserted = 0;
        foreach (var document in command["documents"].AsBsonArray.Select(d => d.AsBsonDocument))
        {
            if (command[0].AsString == "users" && documents.Any(d => d["email"] == document["email"]))
            {
                return BsonDocument.Parse($"{{ n: {inserted}, writeErrors: [ {{ index: {inserted}, code: 11000, errmsg: 'E11000 duplicate key error' }} ], ok: 1 }}");
            }

            documents.Add(document.DeepClone().AsBsonDocument);
            inserted++;
        }

        return new BsonDocument { { "n", inserted }, { "ok", 1.0 } };
    }

    private BsonDocument Find(BsonDocument command)
    {
        IEnumerable<BsonDocument> found = Collection(command).Where(d => Matches(d, command.GetValue("filter", new BsonDocument()).AsBsonDocument));
        if (command.TryGetValue("sort", out var sort))
        {
            found = found.Order(Comparer<BsonDocument>.Create((a, b) => Compare(a, b, sort.AsBsonDocument)));
        }

        if (command.TryGetValue("limit", out var limit) && limit.ToInt32() > 0)
        {
            found = found.Take(limit.ToInt32());
        }

        var batch = new BsonArray(found.Select(d => Project(d, command.GetValue("projection", BsonNull.Value))));
        return new BsonDocument
        {
            { "cursor", new BsonDocument { { "firstBatch", batch }, { "id", 0L }, { "ns", $"{command["$db"]}.{command[0]}" } } },
            { "ok", 1.0 },
        };
    }

    private BsonDocument Update(BsonDocument command)
    {
        int matched = 0, modified = 0;
        foreach (var statement in command["updates"].AsBsonArray.Select(u => u.AsBsonDocument))
        {
            var targets = Collection(command).Where(d => Matches(d, statement["q"].AsBsonDocument)).ToArray();
            if (!statement.GetValue("multi", false).ToBoolean())
            {
                targets = [.. targets.Take(1)];
            }

            foreach (var target in targets)
            {
                matched++;
                modified += Apply(target, statement["u"].AsBsonDocument) ? 1 : 0;
            }
        }

        return new BsonDocument { { "n", matched }, { "nModified", modified }, { "ok", 1.0 } };
    }

    private BsonDocument Delete(BsonDocument command)
    {
        var documents = Collection(command);
        var deleted = 0;
        foreach (var statement in command["deletes"].AsBsonArray.Select(d => d.AsBsonDocument))
        {
            var targets = documents.Where(d => Matches(d, statement["q"].AsBsonDocument)).ToArray();
            foreach (var target in statement["limit"].ToInt32() == 1 ? targets.Take(1) : targets)
            {
                documents.Remove(target);
                deleted++;
            }
        }

        return new BsonDocument { { "n", deleted }, { "ok", 1.0 } };
    }

    private BsonDocument FindAndModify(BsonDocument command)
    {
        var target = Collection(command).FirstOrDefault(d => Matches(d, command["query"].AsBsonDocument));
        if (target is null && command.GetValue("upsert", false).ToBoolean())
        {
            // An upsert starts from the query's equalities, then applies the update to that.
            target = new BsonDocument(command["query"].AsBsonDocument.Where(e => e.Value is not BsonDocument));
            Collection(command).Add(target);
        }

        if (target is null)
        {
            return new BsonDocument { { "lastErrorObject", new BsonDocument("n", 0) }, { "value", BsonNull.Value }, { "ok", 1.0 } };
        }

        var before = target.DeepClone().AsBsonDocument;
        Apply(target, command["update"]);
        var value = command.GetValue("new", false).ToBoolean() ? target : before;
        return new BsonDocument
        {
            { "lastErrorObject", new BsonDocument { { "n", 1 }, { "updatedExisting", true } } },
            { "value", Project(value, command.GetValue("fields", BsonNull.Value)) },
            { "ok", 1.0 },
        };
    }

    private static bool Matches(BsonDocument document, BsonDocument filter) => filter.All(condition => condition.Name switch
    {
        "$and" => condition.Value.AsBsonArray.All(f => Matches(document, f.AsBsonDocument)),
        _ when condition.Value is BsonDocument { ElementCount: > 0 } operators && operators.GetElement(0).Name.StartsWith('$') =>
            operators.All(o => Test(document.GetValue(condition.Name, BsonNull.Value), o.Name, o.Value)),
        _ => Test(document.GetValue(condition.Name, BsonNull.Value), "$eq", condition.Value),
    });

    private static bool Test(BsonValue actual, string op, BsonValue expected) => op switch
    {
        "$eq" => actual.Equals(expected),
        "$ne" => !actual.Equals(expected),
        "$gt" => actual.BsonType == expected.BsonType && actual.CompareTo(expected) > 0,
        "$lt" => actual.BsonType == expected.BsonType && actual.CompareTo(expected) < 0,
        _ => throw new NotSupportedException($"filter operator {op}"),
    };

    private static bool Apply(BsonDocument target, BsonValue update) =>
        update is BsonArray pipeline ? ApplyPipeline(target, pipeline) : Apply(target, update.AsBsonDocument);

    private static bool ApplyPipeline(BsonDocument target, BsonArray pipeline)
    {
        var before = target.DeepClone();
        foreach (var stage in pipeline.Select(s => s.AsBsonDocument))
        {
            var fields = stage["$set"].AsBsonDocument;
            var values = fields.Select(f => (f.Name, Value: Evaluate(target, f.Value))).ToArray();
            foreach (var (name, value) in values)
            {
                target[name] = value;
            }
        }

        return !target.Equals(before);
    }

    /// <summary>An aggregation expression: field paths, literals and the operators the reservation uses.</summary>
    private static BsonValue Evaluate(BsonDocument document, BsonValue expression)
    {
        if (expression is BsonString { Value: ['$', .. var path] })
        {
            return document.GetValue(path, BsonNull.Value);
        }

        if (expression is not BsonDocument { ElementCount: 1 } operation || !operation.GetElement(0).Name.StartsWith('$'))
        {
            return expression;
        }

        var (op, argument) = (operation.GetElement(0).Name, operation[0]);
        if (op == "$cond")
        {
            var parts = argument.AsBsonDocument;
            return Evaluate(document, Evaluate(document, parts["if"]).ToBoolean() ? parts["then"] : parts["else"]);
        }

        var args = argument.AsBsonArray.Select(a => Evaluate(document, a)).ToArray();
        return op switch
        {
            "$or" => args.Any(a => a.ToBoolean()),
            "$lt" => args[0].CompareTo(args[1]) < 0,
            "$lte" => args[0].CompareTo(args[1]) <= 0,
            "$min" => args.Where(a => !a.IsBsonNull).Min() ?? BsonNull.Value,
            _ when args.Any(a => a.IsBsonNull) => BsonNull.Value,
            "$add" when args[0] is BsonDateTime date => new BsonDateTime(date.MillisecondsSinceEpoch + (long)args[1].ToDouble()),
            "$add" => Number(args.Sum(a => a.ToDouble())),
            "$subtract" => Number(args[0].ToDouble() - args[1].ToDouble()),
            "$multiply" => Number(args.Aggregate(1.0, (product, a) => product * a.ToDouble())),
            "$pow" => new BsonDouble(Math.Pow(args[0].ToDouble(), args[1].ToDouble())),
            _ => throw new NotSupportedException($"expression operator {op}"),
        };
    }

    private static BsonValue Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < int.MaxValue ? new BsonInt32((int)value) : new BsonDouble(value);

    private static bool Apply(BsonDocument target, BsonDocument update)
    {
        var before = target.DeepClone();
        foreach (var (op, fields) in update.Select(e => (e.Name, e.Value.AsBsonDocument)))
        {
            foreach (var field in fields)
            {
                target[field.Name] = op switch
                {
                    "$set" => field.Value,
                    "$inc" => target[field.Name].ToInt64() + field.Value.ToInt64(),
                    _ => throw new NotSupportedException($"update operator {op}"),
                };
            }
        }

        return !target.Equals(before);
    }

    private static int Compare(BsonDocument a, BsonDocument b, BsonDocument sort)
    {
        foreach (var key in sort)
        {
            var order = a.GetValue(key.Name, BsonNull.Value).CompareTo(b.GetValue(key.Name, BsonNull.Value));
            if (order != 0)
            {
                return key.Value.ToInt32() < 0 ? -order : order;
            }
        }

        return 0;
    }

    private static BsonDocument Project(BsonDocument document, BsonValue projection) =>
        projection is BsonDocument { ElementCount: > 0 } fields
            ? new BsonDocument(document.Where(e => e.Name == "_id" || fields.Contains(e.Name)))
            : document;
}
