"""PyTorch reference definitions of the method's networks (GAN2Shape), used to make golden test fixtures."""
