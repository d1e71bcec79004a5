package dev.belay.core;

/**
 * Receives every {@link RobotEvent}, on the robot's loop thread, in order. It should return quickly;
 * an exception it throws is logged and otherwise ignored (a listener never breaks the loop).
 */
@FunctionalInterface
public interface RobotListener {

    RobotListener NONE = event -> { };

    void onEvent(RobotEvent event);
}
