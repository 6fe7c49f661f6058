import ArgumentParser
import BasaltStore
import BasaltStoreSQLite
import Foundation

/// `basalt resources`: lists what the control plane has stored under a data directory.
struct Resources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List stored resources (application profiles, prompts, provisioned and imported models, import jobs).")

    @Option(name: .customLong("data-dir"), help: "Directory for persistent state.") var dataDir = "./.basalt"
    @Option(help: "Only this kind: \(ResourceKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String?

    func run() async throws {
        let kinds: [ResourceKind]
        if let kind {
            guard let k = ResourceKind(rawValue: kind) else { throw ValidationError("unknown kind \(kind)") }
            kinds = [k]
        } else {
            kinds = ResourceKind.allCases
        }
        let store = try SQLiteStore(directory: dataDir)
        for kind in kinds {
            var cursor: String?
            repeat {
                let page = try await store.list(ResourceQuery(kind: kind, cursor: cursor))
                for r in page.records {
                    print("\(kind.rawValue)\t\(r.name)\t\(r.arn)\t\(ISO8601DateFormatter().string(from: r.createdAt))")
                }
                cursor = page.nextCursor
            } while cursor != nil
        }
    }
}
