import BasaltCore
import Testing

@testable import BasaltEngine

/// Random JSON documents from a fixed-seed generator (numbers kept within the automaton's digit bounds).
struct RandomJSON {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    mutating func string() -> String {
        let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "€", "😀", "𝄞", "\u{7f}", "ß", "日本"]
        return (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
    }
    mutating func value(depth: Int = 0) -> JSONValue {
        switch next(depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(next(2) == 0)
        case 2: return .number(Double(next(2_000_001)) - 1_000_000)
        case 3: return .number(Double(next(2_000_001) - 1_000_000) / 64)
        case 4: return .string(string())
        case 5: return .array((0..<next(4)).map { _ in value(depth: depth + 1) })
        default: return .object(JSONObject((0..<next(4)).map { i in (string() + "\(i)", value(depth: depth + 1)) }))
        }
    }
}

@Suite struct JSONConstraintTests {
    @Test func anySchemaAcceptsExactlyWhatTheParserAccepts() throws {
        var gen = RandomJSON(state: 2024)
        for i in 0..<400 {
            let text = gen.value().serialized()
            let r = feed(JSONConstraint(schema: [:]), text, seed: UInt64(i))
            #expect(r.accepted && r.complete, "\(text)")
            // Corrupt one byte: whenever the core parser rejects the result, the automaton must too.
            var bytes = Array(text.utf8)
            let at = gen.next(bytes.count)
            let replacements: [UInt8] = Array("{}[]\",:\\ 0-.eEtfnu1x".utf8) + [0x00, 0x0A, 0xC0, 0xFF, 0x80]
            bytes[at] = replacements[gen.next(replacements.count)]
            let mutated = String(decoding: bytes, as: UTF8.self)
            if (try? JSONValue.parse(bytes)) == nil, Array(mutated.utf8) == bytes {
                let m = feed(JSONConstraint(schema: [:]), mutated, seed: UInt64(i))
                #expect(!(m.accepted && m.complete), "accepted invalid \(mutated)")
            }
        }
    }

    @Test(arguments: [
        ("0", true), ("-0", true), ("12", true), ("-1.5", true), ("1e5", true), ("2.5E-3", true), ("1e+07", true),
        ("01", false), ("1.", false), (".5", false), ("-", false), ("1e", false), ("+1", false), ("0x1", false),
        ("1.5.2", false), ("--1", false), ("1234567890123456", false), ("1e1234", false),
    ])
    func numbers(_ c: (String, Bool)) {
        let r = feed(JSONConstraint(schema: ["type": "number"]), c.0)
        #expect((r.accepted && r.complete) == c.1, "\(c.0)")
    }

    @Test func integersRejectFractionsAndExponents() {
        let s: JSONValue = ["type": "integer"]
        #expect(feed(JSONConstraint(schema: s), "-42").complete)
        #expect(!feed(JSONConstraint(schema: s), "4.0").accepted)
        #expect(!feed(JSONConstraint(schema: s), "4e1").accepted)
        // A complete root integer can still grow.
        var c = JSONConstraint(schema: s)
        c.advance(Array("12".utf8))
        #expect(c.isComplete && c.accepts(Array("3".utf8)))
    }

    @Test func enumsAndConsts() {
        let e: JSONValue = ["enum": ["red", "green", 1, 10, nil, true]]
        for ok in [#""red""#, #""green""#, "1", "10", "null", "true"] {
            #expect(feed(JSONConstraint(schema: e), ok).complete, "\(ok)")
        }
        for bad in [#""re""#, #""redd""#, "2", "100", "false", #""Red""#] {
            let r = feed(JSONConstraint(schema: e), bad)
            #expect(!(r.accepted && r.complete), "\(bad)")
        }
        let c: JSONValue = ["const": ["a": [1, 2]]]
        #expect(feed(JSONConstraint(schema: c), #"{"a":[1,2]}"#).complete)
        #expect(!feed(JSONConstraint(schema: c), #"{"a":[1,3]}"#).accepted)
    }

    @Test func stringsValidateUTF8AndLength() {
        let s: JSONValue = ["type": "string", "maxLength": 3, "minLength": 2]
        #expect(feed(JSONConstraint(schema: s), "\"日本\"").complete)
        #expect(feed(JSONConstraint(schema: s), #""\ud83d\ude00\n""#).complete)  // a pair is one character
        #expect(!feed(JSONConstraint(schema: s), "\"abcd\"").accepted)
        #expect(!feed(JSONConstraint(schema: s), "\"a\"").accepted)
        let free = JSONConstraint(schema: ["type": "string"])
        for bad: [UInt8] in [[0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
                             [0x22, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22], [0x22, 0x09, 0x22]] {
            #expect(!free.accepts(bad) || !{ var c = free; c.advance(bad); return c.isComplete }(), "\(bad)")
        }
        #expect(free.accepts([0x22, 0xE2, 0x82, 0xAC, 0x22]))
        // Escapes are rejected as soon as no continuation could make them valid (no dead ends).
        #expect(free.accepts(Array(#""\ud83d\ude"#.utf8)))
        #expect(!free.accepts(Array(#""\ud83d\ub"#.utf8)))
        #expect(!free.accepts(Array(#""\ud83d\u0"#.utf8)))
        #expect(!free.accepts(Array(#""\udc"#.utf8)))
        #expect(free.accepts(Array(#""\ud8"#.utf8)))
    }

    @Test func arraysAndAnyOf() {
        let s: JSONValue = [
            "type": "array", "minItems": 1, "maxItems": 2,
            "items": ["anyOf": [["type": "string", "enum": ["x"]], ["type": "integer"], ["type": "null"]]],
        ]
        for ok in [#"["x"]"#, "[1, null]", "[ 7 ,\"x\" ]"] { #expect(feed(JSONConstraint(schema: s), ok).complete, "\(ok)") }
        for bad in ["[]", "[1,2,3]", #"["y"]"#, "[1.5]", "[true]", "[1,]"] {
            #expect(!feed(JSONConstraint(schema: s), bad).accepted, "\(bad)")
        }
    }

    @Test func recursiveReferences() {
        let tree: JSONValue = [
            "$defs": [
                "node": [
                    "type": "object",
                    "properties": [
                        "v": ["type": "integer"],
                        "kids": ["type": "array", "items": ["$ref": "#/$defs/node"]],
                        "next": ["anyOf": [["$ref": "#/$defs/node"], ["type": "null"]]],
                    ],
                    "required": ["v"],
                    "additionalProperties": false,
                ]
            ],
            "$ref": "#/$defs/node",
        ]
        let ok = #"{"v": 1, "kids": [{"v": 2}, {"v": 3, "kids": []}], "next": {"v": 4, "next": null}}"#
        #expect(feed(JSONConstraint(schema: tree), ok).complete)
        #expect(!feed(JSONConstraint(schema: tree), #"{"v": 1, "kids": [{"w": 2}]}"#).accepted)
        #expect(!feed(JSONConstraint(schema: tree), #"{"v": 1, "next": {"v": "x"}}"#).accepted)
    }

    @Test func allOfMergesObjectKeywords() {
        let s: JSONValue = [
            "allOf": [
                ["type": "object", "properties": ["a": ["type": "string"]], "required": ["a"]],
                ["properties": ["b": ["type": "boolean"]], "required": ["b"]],
            ]
        ]
        #expect(feed(JSONConstraint(schema: s), #"{"b": true, "a": "x"}"#).complete)
        #expect(!feed(JSONConstraint(schema: s), #"{"a": "x"}"#).accepted)
    }

    @Test func whitespaceIsBounded() {
        #expect(feed(JSONConstraint(schema: [:]), "  {  \"a\"  :  [  1  ,  2  ]  }  ").complete)
        #expect(!feed(JSONConstraint(schema: [:]), "{   }").accepted)
        #expect(!feed(JSONConstraint(schema: [:]), "[1,\n\n\n2]").accepted)
    }
}

@Suite struct JSONConstraintEdgeTests {
    @Test func requiredKeysWithoutPropertiesMustAppear() {
        let s: JSONValue = ["type": "object", "required": ["a"]]
        #expect(feed(JSONConstraint(schema: s), #"{"a": [1]}"#).complete)
        #expect(!feed(JSONConstraint(schema: s), "{}").accepted)
    }

    @Test func closedEmptyObject() {
        let s: JSONValue = ["type": "object", "additionalProperties": false]
        #expect(feed(JSONConstraint(schema: s), "{ }").complete)
        #expect(!feed(JSONConstraint(schema: s), #"{"a": 1}"#).accepted)
    }

    @Test func freeFormObjectValuesFollowAdditionalProperties() {
        let s: JSONValue = ["type": "object", "additionalProperties": ["type": "integer"]]
        #expect(feed(JSONConstraint(schema: s), #"{"x": 1, "y": -2}"#).complete)
        #expect(!feed(JSONConstraint(schema: s), #"{"x": "1"}"#).accepted)
    }
}
