import PromptPresets

/// Typed reads from a JSON document that never fail: each wrong or missing value becomes a
/// problem with its path, and the read returns `nil`, so one pass reports everything.
struct DocumentReader {
    private(set) var problems: [CatalogProblem] = []

    var hasErrors: Bool { problems.contains { $0.severity == .error } }

    mutating func error(_ path: String, _ message: String) {
        problems.append(CatalogProblem(.error, path: path, message: message))
    }

    mutating func warning(_ path: String, _ message: String) {
        problems.append(CatalogProblem(.warning, path: path, message: message))
    }

    /// The members of the object `value`; a key outside `allowed` is an error (a misspelt
    /// key would otherwise be ignored without a word).
    mutating func object(_ value: JSONValue, at path: String, allowed: [String]) -> Members? {
        guard let members = value.objectValue else {
            error(path, "expected an object, found \(value.kindDescription)")
            return nil
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            error("\(path).\(key)", "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
        }
        return Members(values: members, path: path)
    }

    mutating func string(_ members: Members, _ key: String, default fallback: String? = nil) -> String? {
        guard let value = members.values[key] else { return missing(members, key, fallback) }
        guard let text = value.stringValue else {
            error(members.path(key), "expected a string, found \(value.kindDescription)")
            return nil
        }
        return text
    }

    mutating func bool(_ members: Members, _ key: String, default fallback: Bool? = nil) -> Bool? {
        guard let value = members.values[key] else { return missing(members, key, fallback) }
        guard let flag = value.boolValue else {
            error(members.path(key), "expected true or false, found \(value.kindDescription)")
            return nil
        }
        return flag
    }

    mutating func int(_ members: Members, _ key: String, default fallback: Int? = nil) -> Int? {
        guard let value = members.values[key] else { return missing(members, key, fallback) }
        guard let number = value.intValue else {
            error(members.path(key), "expected an integer, found \(value.kindDescription)")
            return nil
        }
        return number
    }

    /// The elements of the array at `key`, each with its path; an absent optional array is empty.
    mutating func array(_ members: Members, _ key: String, isOptional: Bool = false) -> [(JSONValue, String)]? {
        guard let value = members.values[key] else { return isOptional ? [] : missing(members, key, nil) }
        guard let elements = value.arrayValue else {
            error(members.path(key), "expected an array, found \(value.kindDescription)")
            return nil
        }
        return elements.enumerated().map { index, element in (element, "\(members.path(key))[\(index)]") }
    }

    mutating func strings(_ members: Members, _ key: String, isOptional: Bool = false) -> [String]? {
        guard let elements = array(members, key, isOptional: isOptional) else { return nil }
        var texts: [String] = []
        for (element, path) in elements {
            guard let text = element.stringValue else {
                error(path, "expected a string, found \(element.kindDescription)")
                continue
            }
            texts.append(text)
        }
        return texts.count == elements.count ? texts : nil
    }

    private mutating func missing<T>(_ members: Members, _ key: String, _ fallback: T?) -> T? {
        if let fallback { return fallback }
        error(members.path(key), "missing")
        return nil
    }
}

/// An object's members and where the object is.
struct Members {
    var values: [String: JSONValue]
    var path: String

    func path(_ key: String) -> String { "\(path).\(key)" }
    subscript(key: String) -> JSONValue? { values[key] }
}
