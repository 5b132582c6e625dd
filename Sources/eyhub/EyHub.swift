import ArgumentParser

@main
struct EyHub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eyhub",
        abstract: "Early Years Hub: joins health visiting, early years and council records safely over Kafka.",
        subcommands: [
            DemoCommand.self,
            BrokerCommand.self,
            TopicsCommand.self,
            MappingCommand.self,
            AdapterCommand.self,
            BenchCommand.self,
            RelayCommand.self,
            IdentityCommand.self,
            ResolveCommand.self,
            PolicyCommand.self,
            RouteCommand.self,
            SharingCommand.self,
            AuditCommand.self,
            NDLCommand.self,
        ])
}
