import BasaltCore
import Foundation
import Testing
@testable import BasaltEngine

/// Each family's template rendered against Hugging Face's renderer (Fixtures/make_template_reference.py).
@Suite struct ChatTemplateGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func cases() throws -> [JSONValue] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("template_reference.json"))
        return try JSONValue.parse(Array(data))["cases"]?.arrayValue ?? []
    }

    static var caseNames: [String] {
        ((try? cases()) ?? []).compactMap { c in
            guard let t = c["template"]?.stringValue, let v = c["conversation"]?.stringValue else { return nil }
            return "\(t)/\(v)/\(c["add_generation_prompt"]?.boolValue == true ? "gen" : "nogen")"
        }
    }

    @Test("renders like Hugging Face", arguments: caseNames)
    func golden(name: String) throws {
        let c = try #require(try Self.cases().first { c in
            "\(c["template"]?.stringValue ?? "")/\(c["conversation"]?.stringValue ?? "")/\(c["add_generation_prompt"]?.boolValue == true ? "gen" : "nogen")" == name
        })
        let templateName = try #require(c["template"]?.stringValue)
        let source = try String(contentsOf: Self.fixtures.appendingPathComponent(templateName + ".jinja"), encoding: .utf8)
        let template = try ChatTemplate(
            source: source, bosToken: c["bos_token"]?.stringValue ?? "", eosToken: c["eos_token"]?.stringValue ?? "")
        let messages = c["messages"]?.arrayValue ?? []
        let tools = c["tools"]?.arrayValue
        let gen = c["add_generation_prompt"]?.boolValue ?? false
        if let expected = c["expected"]?.stringValue {
            let got = try template.render(messages: messages, tools: tools, addGenerationPrompt: gen)
            #expect(got == expected)
            if got != expected { Self.printDiff(got, expected) }
        } else {
            #expect(throws: JinjaError.self) {
                try template.render(messages: messages, tools: tools, addGenerationPrompt: gen)
            }
        }
    }

    static func printDiff(_ got: String, _ expected: String) {
        let g = Array(got), e = Array(expected)
        let i = zip(g, e).prefix { $0 == $1 }.count
        print("first difference at \(i):\n got: \(String(g[max(0, i - 40)..<min(g.count, i + 60)]).debugDescription)\n exp: \(String(e[max(0, i - 40)..<min(e.count, i + 60)]).debugDescription)")
    }

    @Test("syntax errors are reported")
    func syntaxErrors() {
        #expect(throws: JinjaError.self) { try ChatTemplate(source: "{% if x %}unterminated") }
        #expect(throws: JinjaError.self) { try ChatTemplate(source: "{{ 1 + }}") }
        #expect(throws: JinjaError.self) { try ChatTemplate(source: "{% frobnicate %}") }
    }

    @Test("raise_exception surfaces the message")
    func raised() throws {
        let t = try ChatTemplate(source: "{{ raise_exception('nope: ' ~ messages|length) }}")
        do {
            _ = try t.render(messages: [], addGenerationPrompt: true)
            Issue.record("expected an error")
        } catch let e as JinjaError {
            #expect(e.kind == .raised)
            #expect(e.message == "nope: 0")
        }
    }
}
