from wmoketen.core import events


def test_publish_calls_each_subscriber_once_with_payload() -> None:
    received: list[int] = []

    def handler(*, beschikking_id: int) -> None:
        received.append(beschikking_id)

    events.subscribe("test.event", handler)
    events.subscribe("test.event", handler)  # subscribing twice (app reload) must not double the effect
    events.publish("test.event", beschikking_id=7)

    assert received == [7]
    assert events.handlers("test.event") == [handler]
