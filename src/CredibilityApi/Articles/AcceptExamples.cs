using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredibilityApi.Articles;

/// <summary>The examples the OpenAPI document shows for accepting proposals: two claims of the corpus page and the denial between them.</summary>
internal static class AcceptExamples
{
    private const string Request = """
        {
          "claims": [
            {
              "text": "وجود خلافات بين إيران وروسيا حول سوريا",
              "start": 112, "end": 148, "cue": "نفى",
              "speaker": { "sourceId": 9, "name": "حسين أمير عبد اللهيان", "kind": "person" },
              "via": [ { "sourceId": 3, "name": "إسنا", "kind": "outlet" } ],
              "stance": "denies", "quantity": null, "subject": null
            },
            {
              "text": "إيران بدأت سحب قوات النخبة من سوريا",
              "start": 230, "end": 265, "cue": "ذكرت",
              "speaker": { "sourceId": null, "name": "تقارير استخباراتية دولية", "kind": "anonymous" },
              "via": [],
              "stance": "asserts", "quantity": { "value": 2000, "unit": "troops", "asOf": null }, "subject": "iran-troops-in-syria"
            }
          ],
          "relations": [ { "from": 0, "to": 1, "type": "denies" } ]
        }
        """;

    private const string Answer = """
        {
          "articleId": 12,
          "claims": [
            { "claimId": 40, "speakerId": 9, "via": [3] },
            { "claimId": 41, "speakerId": 57, "via": [] }
          ],
          "relations": [ 18 ],
          "createdSources": [ 57 ],
          "created": true
        }
        """;

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
        {
            body.Example = JsonNode.Parse(Request);
        }
        foreach (var status in new[] { "200", "201" })
        {
            if (operation.Responses?.TryGetValue(status, out var response) == true
                && response.Content?.TryGetValue("application/json", out var content) == true)
            {
                var example = JsonNode.Parse(Answer)!;
                if (status == "200")
                {
                    example["created"] = false;
                }
                content.Example = example;
            }
        }
        return Task.CompletedTask;
    }
}
