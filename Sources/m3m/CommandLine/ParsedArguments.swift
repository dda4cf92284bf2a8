/// The arguments of one sub-command after parsing against its ``CommandSpec``.
struct ParsedArguments {
  /// Positional arguments in order.
  var positionals: [String] = []
  /// Option values by name (every occurrence, in order); flags map to an empty list.
  private var values: [String: [String]] = [:]

  /// Parses `arguments` (without the sub-command name) against `spec`.
  ///
  /// Accepts `--name value` and `--name=value`; `--` ends the options.
  /// - Throws: ``UsageError`` for an unknown option, a missing value, or a value given twice to an
  ///   option that takes one.
  init(_ arguments: [String], spec: CommandSpec) throws {
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      guard let option = spec.options.first(where: { $0.name == name }) else {
        throw UsageError(command: spec.name, message: "unknown option '\(name)'")
      }
      if option.value == nil {
        guard inlineValue == nil else {
          throw UsageError(command: spec.name, message: "'\(name)' takes no value")
        }
        values[name, default: []].append("")
        continue
      }
      let value: String
      if let inlineValue {
        value = inlineValue
      } else {
        guard index < arguments.count else {
          throw UsageError(
            command: spec.name, message: "'\(name)' needs a value (\(option.value ?? "VALUE"))")
        }
        value = arguments[index]
        index += 1
      }
      if !option.repeatable, values[name] != nil {
        throw UsageError(command: spec.name, message: "'\(name)' given more than once")
      }
      values[name, default: []].append(value)
    }
  }

  /// True when the flag was given.
  func flag(_ name: String) -> Bool { values[name] != nil }

  /// The value of an option, or nil when it was not given.
  func value(_ name: String) -> String? { values[name]?.last }

  /// Every value of a repeatable option.
  func all(_ name: String) -> [String] { values[name] ?? [] }

  /// The value of an option that must be given.
  func required(_ name: String, command: String) throws -> String {
    guard let value = value(name) else {
      throw UsageError(command: command, message: "missing required option '\(name)'")
    }
    return value
  }

  /// The value of a numeric option, or `defaultValue` when absent.
  func number<T: LosslessStringConvertible>(
    _ name: String, default defaultValue: T, command: String
  ) throws -> T {
    guard let text = value(name) else { return defaultValue }
    // `nan` and `inf` parse as Double but are no setting: refused like any other non-number.
    guard let number = T(text), (number as? any BinaryFloatingPoint)?.isFinite ?? true else {
      throw UsageError(command: command, message: "'\(name)' expects a number, got '\(text)'")
    }
    return number
  }

  /// A number option that must be at least `minimum` (a count, a depth, a budget).
  func number<T: LosslessStringConvertible & Comparable>(
    _ name: String, default defaultValue: T, atLeast minimum: T, command: String
  ) throws -> T {
    let number: T = try self.number(name, default: defaultValue, command: command)
    guard number >= minimum else {
      throw UsageError(
        command: command, message: "'\(name)' must be at least \(minimum), got '\(number)'")
    }
    return number
  }
}
