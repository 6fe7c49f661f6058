import ArgumentParser
import BasaltServer
import BasaltStoreSQLite
import Foundation

/// `basalt keys`: long-term Bedrock API keys (`Authorization: Bearer ABSK…`, boto3's `AWS_BEARER_TOKEN_BEDROCK`)
/// kept in the data directory's store. A running `basalt serve --auth sigv4` on the same data directory sees a
/// new or revoked key on its next request.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list, revoke and delete long-term Bedrock API keys.",
        subcommands: [Create.self, List.self, Revoke.self, Delete.self])

    /// Options every subcommand takes.
    struct StoreOptions: ParsableArguments {
        @Option(name: .customLong("data-dir"), help: "Directory for persistent state (the server's --data-dir).")
        var dataDir = "./.basalt"

        func keys() throws -> APIKeyStore { APIKeyStore(store: try SQLiteStore(directory: dataDir)) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once on standard output (only its SHA-256 is stored).")

        @OptionGroup var options: StoreOptions
        @Option(help: "Name of the key; callers using it are the principal user/<name>.") var name: String
        @Option(name: .customLong("expires-in-days"), help: "Days until the key expires (default: never).")
        var expiresInDays: Int?
        @Option(name: .customLong("account-id"), help: "Account id written into the key (the server's --account-id).")
        var accountId = "123456789012"
        @Option(help: "IAM-style policy (JSON file) limiting what callers using the key may do (default: anything).")
        var policy: String?

        func run() async throws {
            if let days = expiresInDays, days < 1 { throw ValidationError("--expires-in-days must be at least 1") }
            var policyText: String?
            if let policy {
                do { _ = try PolicyDocument.load(path: policy) } catch { throw ValidationError("\(policy): \(error)") }
                policyText = try String(contentsOfFile: policy, encoding: .utf8)
            }
            let created: (key: APIKey, token: String)
            do {
                created = try await options.keys().create(
                    name: name, accountId: accountId, lifetime: expiresInDays.map { TimeInterval($0) * 86_400 },
                    policy: policyText)
            } catch let error as APIKeyStore.Failure {
                throw ValidationError(error.message)
            }
            let expiry = created.key.expiresAt.map { Keys.format($0) } ?? "never"
            FileHandle.standardError.write(Data(
                "Created API key \(created.key.id) '\(created.key.name)' (expires: \(expiry)). It is shown only once:\n".utf8))
            print(created.token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let now = Date()
            print(["ID", "NAME", "STATUS", "CREATED", "EXPIRES"].joined(separator: "\t"))
            for key in try await options.keys().list() {
                print([
                    key.id, key.name, key.status(at: now).rawValue, Keys.format(key.createdAt),
                    key.expiresAt.map { Keys.format($0) } ?? "never",
                ].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: it fails at once, and stays listed.")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The key's id or name.") var key: String

        func run() async throws {
            do {
                let revoked = try await options.keys().revoke(key)
                print("Revoked API key \(revoked.id) '\(revoked.name)'.")
            } catch let error as APIKeyStore.Failure {
                throw ValidationError(error.message)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key (it fails at once; its name is free again).")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The key's id or name.") var key: String

        func run() async throws {
            do {
                let deleted = try await options.keys().delete(key)
                print("Deleted API key \(deleted.id) '\(deleted.name)'.")
            } catch let error as APIKeyStore.Failure {
                throw ValidationError(error.message)
            }
        }
    }

    /// ISO 8601 in UTC, seconds precision.
    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
