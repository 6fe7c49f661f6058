import BasaltAPI
import Testing

@Suite struct PromptTemplateTests {
    @Test func findsVariablesInOrderWithoutRepeats() {
        #expect(PromptTemplate.variables(in: "Translate {{message}} into {{language}}, {{message}}.") == ["message", "language"])
        #expect(PromptTemplate.variables(in: "no vars, {single}, {{bad name}}, {{a__b}}, {{-x}}") == [])
        #expect(PromptTemplate.variables(in: "{{a_b-c1}}{{Z}}") == ["a_b-c1", "Z"])
    }

    @Test func rendersOnlyKnownValuesAndDoesNotRescan() {
        let text = "{{greeting}}, {{name}}! {{unknown}} {{"
        let out = PromptTemplate.render(text, values: ["greeting": "Hello", "name": "{{greeting}}"])
        #expect(out == "Hello, {{greeting}}! {{unknown}} {{")
    }

    @Test func unicodeValues() {
        #expect(PromptTemplate.render("{{language}}に翻訳: {{message}}", values: ["language": "英語", "message": "こんにちは"])
            == "英語に翻訳: こんにちは")
    }
}
