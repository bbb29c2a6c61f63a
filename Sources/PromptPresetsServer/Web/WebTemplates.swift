import Mustache

/// The web UI's Mustache templates: `Resources/Web/templates/*.mustache`, embedded in the
/// binary (`.embedInCode`) so release builds need no resource bundle.
///
/// Every value is inserted with `{{x}}`, which HTML-escapes it (`<`, `>`, `&`, `"`, `'`);
/// triple braces are never used. JSON for the script travels in `data-*` attributes, which
/// the escaping keeps intact and the browser decodes.
enum WebTemplates {
    /// Every template's text by name (`page`, `login`, and the fragments).
    static let sources: [String: [UInt8]] = [
        "page": PackageResources.page_mustache, "login": PackageResources.login_mustache,
        "diffTable": PackageResources.diffTable_mustache, "history": PackageResources.history_mustache,
        "diff": PackageResources.diff_mustache, "compare": PackageResources.compare_mustache,
        "merge": PackageResources.merge_mustache, "message": PackageResources.message_mustache,
        "bindings": PackageResources.bindings_mustache, "connections": PackageResources.connections_mustache,
        "audit": PackageResources.audit_mustache, "preview": PackageResources.preview_mustache,
        "keys": PackageResources.keys_mustache,
    ]

    /// A library holding every template, registered by name.
    static let library: MustacheLibrary = {
        do {
            return try parsed()
        } catch {
            preconditionFailure("a web template does not parse: \(error)")
        }
    }()

    /// The templates parsed; throws naming the first that does not parse (tests call this).
    static func parsed() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, bytes) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                throw TemplateError(name: name, underlying: error)
            }
        }
        return library
    }

    struct TemplateError: Error, CustomStringConvertible {
        var name: String
        var underlying: any Error
        var description: String { "templates/\(name).mustache: \(underlying)" }
    }

    static func render(_ name: String, _ object: [String: Any]) -> String {
        library.render(object, withTemplate: name) ?? ""
    }
}
