import BasaltCore
import Testing

@testable import BasaltEngine

let weatherTool = ToolSpec(
    name: "get_weather", description: "Current weather",
    inputSchema: [
        "type": "object",
        "properties": [
            "location": ["type": "string"],
            "unit": ["type": "string", "enum": ["celsius", "fahrenheit"]],
            "days": ["type": "integer"],
        ],
        "required": ["location"],
        "additionalProperties": false,
    ])
let searchTool = ToolSpec(
    name: "search", description: nil,
    inputSchema: [
        "type": "object",
        "properties": [
            "query": ["type": "string", "minLength": 1],
            "limit": ["type": "number"],
            "exact": ["type": "boolean"],
            "filters": [
                "type": "object",
                "properties": ["lang": ["type": "string"], "after": ["type": ["string", "null"]]],
                "required": ["lang"],
            ],
            "tags": ["type": "array", "items": ["type": "string"], "maxItems": 3],
        ],
        "required": ["query", "filters"],
    ])
let noArgsTool = ToolSpec(name: "now", description: nil, inputSchema: ["type": "object", "properties": [:]])
let anyArgsTool = ToolSpec(name: "echo", description: nil, inputSchema: [:])

@Suite struct ToolCallConstraintTests {
    let tools = [weatherTool, searchTool, noArgsTool, anyArgsTool]
    let end = "\n</tool_call>"

    @Test(arguments: [
        #"{"name": "get_weather", "arguments": {"location": "Paris"}}"#,
        #"{"name":"get_weather","arguments":{"unit":"celsius","location":"Zürich \"centre\" \u00e9\n","days":3}}"#,
        #"{ "name" : "get_weather" , "arguments" : { "location" : "x" } }"#,
        #"{"name": "search", "arguments": {"query": "q", "filters": {"lang": "en", "after": null}, "tags": []}}"#,
        #"{"name": "search", "arguments": {"filters": {"lang": "fr", "after": "2020"}, "query": "😀 \ud83d\ude00", "limit": -1.5e3, "exact": false}}"#,
        #"{"name": "search", "arguments": {"query": "a", "filters": {"lang": "de"}, "tags": ["x", "y", "z"]}}"#,
        #"{"name": "now", "arguments": {}}"#,
        #"{"name": "echo", "arguments": {"anything": [null, 0, -0.5, "s", {"k": {}}], "b": true}}"#,
        #"{"name": "echo", "arguments": {}}"#,
    ])
    func acceptsValidCalls(_ json: String) throws {
        for seed in 1...8 {
            let r = feed(ToolCallConstraint(tools: tools, forcedName: nil), json + end, seed: UInt64(seed))
            #expect(r.accepted && r.complete && !r.completeEarly, "seed \(seed)")
        }
        // The fixtures themselves are valid JSON for the schema (independent check of the test data).
        let v = try JSONValue.parse(json)
        let tool = tools.first { $0.name == v["name"]?.stringValue }!
        #expect(validates(v["arguments"]!, tool.inputSchema))
    }

    @Test func incompleteUntilClosingTag() {
        let json = #"{"name": "now", "arguments": {}}"#
        let r = feed(ToolCallConstraint(tools: tools), json + "\n</tool_call")
        #expect(r.accepted && !r.complete)
        let r2 = feed(ToolCallConstraint(tools: tools), json)
        #expect(r2.accepted && !r2.complete)
    }

    @Test(arguments: [
        ("wrong name", #"{"name": "get_weathers", "arguments": {"location": "x"}}"#),
        ("unknown tool", #"{"name": "delete_all", "arguments": {}}"#),
        ("keys out of order", #"{"arguments": {}, "name": "now"}"#),
        ("missing required key", #"{"name": "get_weather", "arguments": {"unit": "celsius"}}"#),
        ("missing nested required", #"{"name": "search", "arguments": {"query": "q", "filters": {}}}"#),
        ("wrong type string", #"{"name": "get_weather", "arguments": {"location": 5}}"#),
        ("wrong type integer", #"{"name": "get_weather", "arguments": {"location": "x", "days": 1.5}}"#),
        ("wrong type bool", #"{"name": "search", "arguments": {"query": "q", "exact": "no", "filters": {"lang": "x"}}}"#),
        ("enum violation", #"{"name": "get_weather", "arguments": {"location": "x", "unit": "kelvin"}}"#),
        ("unknown key", #"{"name": "get_weather", "arguments": {"location": "x", "color": "red"}}"#),
        ("duplicate key", #"{"name": "get_weather", "arguments": {"location": "x", "location": "y"}}"#),
        ("bad escape", #"{"name": "get_weather", "arguments": {"location": "a\qb"}}"#),
        ("short unicode escape", #"{"name": "get_weather", "arguments": {"location": "\u12g4"}}"#),
        ("lone low surrogate", #"{"name": "get_weather", "arguments": {"location": "\udc00"}}"#),
        ("unpaired high surrogate", #"{"name": "get_weather", "arguments": {"location": "\ud83dx"}}"#),
        ("raw newline in string", "{\"name\": \"get_weather\", \"arguments\": {\"location\": \"a\nb\"}}"),
        ("too many items", #"{"name": "search", "arguments": {"query": "q", "filters": {"lang": "x"}, "tags": ["1","2","3","4"]}}"#),
        ("minLength", #"{"name": "search", "arguments": {"query": "", "filters": {"lang": "x"}}}"#),
        ("trailing comma", #"{"name": "get_weather", "arguments": {"location": "x",}}"#),
        ("leading zero", #"{"name": "echo", "arguments": {"n": 01}}"#),
        ("too much whitespace", #"{"name":    "now", "arguments": {}}"#),
        ("not JSON", #"{name: "now", "arguments": {}}"#),
        // By design only declared keys are produced, even where additionalProperties defaults to true.
        ("undeclared key", #"{"name": "search", "arguments": {"query": "a", "filters": {"lang": "de", "x": 1}}}"#),
        ("extra envelope key", #"{"name": "now", "arguments": {}, "id": 1}"#),
    ])
    func rejectsInvalidCalls(_ c: (String, String)) {
        let r = feed(ToolCallConstraint(tools: tools), c.1 + end)
        #expect(!r.accepted, "\(c.0)")
    }

    @Test func rejectsTrailingText() {
        let ok = #"{"name": "now", "arguments": {}}"# + end
        #expect(!feed(ToolCallConstraint(tools: tools), ok + "x").accepted)
        #expect(!feed(ToolCallConstraint(tools: tools), ok + "\n").accepted)
        #expect(!feed(ToolCallConstraint(tools: tools), #"{"name": "now", "arguments": {}}}"# + end).accepted)
        #expect(!feed(ToolCallConstraint(tools: tools), #"{"name": "now", "arguments": {}} x"# + end).accepted)
    }

    @Test func forcedNameRestrictsTheTool() {
        let call = #"{"name": "now", "arguments": {}}"# + end
        #expect(feed(ToolCallConstraint(tools: tools, forcedName: "now"), call).complete)
        #expect(!feed(ToolCallConstraint(tools: tools, forcedName: "search"), call).accepted)
    }

    @Test func acceptsIsPureAndAdvanceMoves() {
        var c = ToolCallConstraint(tools: tools)
        #expect(c.accepts(Array(#"{"name""#.utf8)))
        #expect(c.accepts(Array("{".utf8)))
        #expect(!c.accepts(Array("[".utf8)))
        c.advance(Array("{".utf8))
        #expect(!c.accepts(Array("{".utf8)))
        #expect(c.accepts(Array(#" "name": ""#.utf8)))
        #expect(!c.isComplete)
    }
}
