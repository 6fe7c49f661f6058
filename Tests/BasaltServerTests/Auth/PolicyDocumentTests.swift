import BasaltServer
import Testing

/// Loading IAM policy documents: the accepted shapes, and refusals for what IAM rejects or Basalt cannot evaluate.
@Suite struct PolicyDocumentTests {
    func refusal(_ json: String) -> String? {
        do {
            _ = try PolicyDocument.parse(json)
            return nil
        } catch { return error.message }
    }

    @Test func statementMayBeAnObjectOrAnArrayAndValuesStringsOrArrays() throws {
        let single = try PolicyDocument.parse(#"""
            {"Version":"2012-10-17","Statement":{"Sid":"one","Effect":"Allow","Action":"bedrock:InvokeModel","Resource":"*"}}
            """#)
        #expect(single.version == "2012-10-17")
        #expect(single.statements.count == 1)
        #expect(single.statements[0].sid == "one")
        #expect(single.statements[0].effect == .allow)
        #expect(single.statements[0].actions.patterns.map(\.text) == ["bedrock:InvokeModel"])
        #expect(single.statements[0].resources.patterns.map(\.text) == ["*"])

        let many = try PolicyDocument.parse(#"""
            {"Statement":[
              {"Effect":"Allow","Action":["bedrock:InvokeModel","bedrock:Converse*"],
               "Resource":["arn:aws:bedrock:us-east-1::foundation-model/a.b","arn:aws:bedrock:*:*:inference-profile/*"]},
              {"Effect":"Deny","NotAction":"bedrock:List*","NotResource":"arn:aws:bedrock:*"}]}
            """#)
        #expect(many.version == nil)
        #expect(many.statements.count == 2)
        #expect(many.statements[0].actions.patterns.count == 2)
        #expect(many.statements[0].resources.patterns.count == 2)
        #expect(many.statements[1].effect == .deny)
        #expect(many.statements[1].actions.negated)
        #expect(many.statements[1].resources.negated)
        #expect(!many.statements[0].actions.negated)
    }

    @Test func conditionIsRefusedNotIgnored() {
        let message = refusal(#"""
            {"Version":"2012-10-17","Statement":[{"Sid":"ip","Effect":"Allow","Action":"bedrock:*","Resource":"*",
              "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}
            """#)
        #expect(message?.contains("Condition") == true)
        #expect(message?.contains("Statement[0]") == true)
        #expect(message?.contains("\"ip\"") == true)
    }

    @Test func shapesIAMRejectsAreRefused() {
        let cases: [(String, String)] = [
            (#"[]"#, "JSON object"),
            (#"{"Statement":"#, "JSON"),
            (#"{"Version":"2020-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#, "Version"),
            (#"{"Version":"2012-10-17"}"#, "Statement"),
            (#"{"Statement":[]}"#, "Statement"),
            (#"{"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}"#, "Effect"),
            (#"{"Statement":{"Action":"*","Resource":"*"}}"#, "Effect"),
            (#"{"Statement":{"Effect":"Allow","Resource":"*"}}"#, "Action"),
            (#"{"Statement":{"Effect":"Allow","Action":"*","NotAction":"x:y","Resource":"*"}}"#, "NotAction"),
            (#"{"Statement":{"Effect":"Allow","Action":"*"}}"#, "Resource"),
            (#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}}"#, "NotResource"),
            (#"{"Statement":{"Effect":"Allow","Action":"InvokeModel","Resource":"*"}}"#, "service:action"),
            (#"{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}"#, "Action"),
            (#"{"Statement":{"Effect":"Allow","Action":[1],"Resource":"*"}}"#, "strings"),
            (#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"foundation-model/x"}}"#, "ARN"),
            (#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:bedrock:::user/${aws:username}"}}"#, "variables"),
            (#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#, "Principal"),
            (#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Extra":1}}"#, "Extra"),
            (#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"},"Other":1}"#, "Other"),
        ]
        for (json, word) in cases {
            let message = refusal(json)
            #expect(message?.contains(word) == true, "\(json) → \(message ?? "accepted")")
        }
    }

    @Test func idAndOldVersionAreAccepted() throws {
        let doc = try PolicyDocument.parse(#"{"Version":"2008-10-17","Id":"x","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#)
        #expect(doc.statements.first?.effect == .deny)
    }
}
