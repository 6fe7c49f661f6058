import BasaltCore
import Testing
@testable import BasaltWire

@Suite struct AWSErrorTests {
    let invalidModel = AWSError(code: "ValidationException", status: 400, message: "The provided model identifier is invalid.")

    @Test func rendersTheSection21Response() {
        #expect(invalidModel.status == 400)
        #expect(invalidModel.responseHeaders.map { "\($0.name): \($0.value)" } == [
            "Content-Type: application/json",
            "x-amzn-ErrorType: ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/",
        ])
        let body = String(decoding: invalidModel.responseBody, as: UTF8.self)
        #expect(body == #"{"message":"The provided model identifier is invalid."}"#)
        // §2.1 shows `Content-Length: 56`, which is Python's `json.dumps` spacing (`"message": "…"`);
        // the compact body shown there is 55 bytes.
        #expect(invalidModel.responseBody.count == 55)
    }

    @Test func extraMembersFollowTheMessage() {
        let e = AWSError(code: "ModelErrorException", status: 424, message: "m \"quoted\"")
            .with("originalStatusCode", 500).with("resourceName", "arn:x")
        #expect(String(decoding: e.responseBody, as: UTF8.self)
            == #"{"message":"m \"quoted\"","originalStatusCode":500,"resourceName":"arn:x"}"#)
        #expect(e.exceptionType == "modelErrorException")
    }

    @Test func frontDoorVariant() {
        let e = AWSError(code: "UnrecognizedClientException", status: 403,
                         message: "The security token included in the request is invalid.",
                         messageKey: "Message", errorTypeNamespace: nil)
        #expect(e.errorTypeHeaderValue == "UnrecognizedClientException")
        #expect(e.body == ["Message": "The security token included in the request is invalid."])
    }

    @Test func botocoreParsesTheRenderedResponse() throws {
        let e = AWSError(code: "ThrottlingException", status: 429, message: "Too many tokens, please wait before trying again.")
        let headers = e.responseHeaders.map { "\"\($0.name.lowercased())\": \"\($0.value)\"" }.joined(separator: ",")
        let script = #"""
            import sys, json
            from botocore.parsers import RestJSONParser
            body = bytes.fromhex(sys.stdin.read().strip())
            headers = {\#(headers), "x-amzn-requestid": "rid-1"}
            r = RestJSONParser().parse({"status_code": \#(e.status), "headers": headers, "body": body}, None)
            print(json.dumps({"error": r["Error"], "status": r["ResponseMetadata"]["HTTPStatusCode"]}))
            """#
        let r = try runPython(script, input: hexString(e.responseBody))
        #expect(r.status == 0, "\(r.err)")
        let out = try JSONValue.parse(r.out)
        #expect(out["error"] == ["Message": "Too many tokens, please wait before trying again.", "Code": "ThrottlingException"])
        #expect(out["status"] == 429)
    }

    @Test func parsesErrorsLikeBotocore() {
        let header = AWSError.parse(
            status: 400,
            headers: [("X-Amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")],
            body: Array(#"{"message":"bad"}"#.utf8))
        #expect(header.code == "ValidationException")
        #expect(header.message == "bad")
        #expect(header.members.isEmpty)

        let typed = AWSError.parse(
            status: 403, headers: [],
            body: Array(#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","Message":"nope"}"#.utf8))
        #expect(typed.code == "UnrecognizedClientException")
        #expect(typed.message == "nope")
        #expect(typed.messageKey == "Message")

        let text = AWSError.parse(status: 502, headers: [], body: Array("Bad Gateway".utf8))
        #expect(text.code == "502")
        #expect(text.message == "Bad Gateway")
    }

    @Test func exceptionFrameCarriesTheBody() throws {
        let m = invalidModel.exceptionMessage()
        #expect(m.exceptionType == "validationException")
        #expect(m.messageType == "exception")
        #expect(m.payload == invalidModel.responseBody)
    }
}
