import BasaltServer
import BasaltWire
import Foundation
import Testing

@Suite struct CredentialStoreTests {
    @Test func parsesAnAWSCredentialsFile() throws {
        let store = try CredentialStore.parse("""
            # operators' keys
            [default]
            aws_access_key_id = AKIDEXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
            region = us-east-1

            ; temporary credentials
            [profile ci-bot]
            AWS_ACCESS_KEY_ID=ASIATEMP\r
            aws_secret_access_key=s3cr3t=with=equals
            aws_session_token = FQoGZXIvYXdz//token=

            [config-only]
            region = eu-west-1
            """)
        #expect(store.count == 2)
        let d = try #require(store.entry(forAccessKey: "AKIDEXAMPLE"))
        #expect(d.name == "default")
        #expect(d.credentials.secretAccessKey == "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        #expect(d.credentials.sessionToken == nil)
        let t = try #require(store.entry(forAccessKey: "ASIATEMP"))
        #expect(t.name == "ci-bot")
        #expect(t.credentials.secretAccessKey == "s3cr3t=with=equals")
        #expect(t.credentials.sessionToken == "FQoGZXIvYXdz//token=")
        #expect(store.entry(forAccessKey: "akidexample") == nil)
    }

    @Test func rejectsMalformedFiles() {
        let bad = [
            "aws_access_key_id = A\n",  // outside a section
            "[a]\naws_access_key_id = A\n",  // no secret
            "[a]\naws_secret_access_key = S\n",  // no key id
            "[a]\naws_access_key_id = A\naws_secret_access_key = S\n[b]\naws_access_key_id = A\naws_secret_access_key = T\n",
            "[a\naws_access_key_id = A\n",
            "[a]\njust words\n",
        ]
        for text in bad {
            #expect(throws: CredentialFileError.self, "\(text)") { try CredentialStore.parse(text) }
        }
    }

    @Test func loadsFromDiskAndReportsMissingFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)").path
        try "[x]\naws_access_key_id=K\naws_secret_access_key=S\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try CredentialStore.load(path: path).entry(forAccessKey: "K")?.name == "x")
        #expect(throws: CredentialFileError.self) { try CredentialStore.load(path: path + ".missing") }
    }
}
